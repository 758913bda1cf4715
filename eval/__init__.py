"""Gold questions, IR metrics and the evaluation runners."""

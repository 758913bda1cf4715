"""The web chat and the command line; both only parse input and format output."""

"""The ``statement-qa`` command line: ask, search, index, serve, eval."""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
from pathlib import Path

from corpus import DEFAULT_CORPUS_DIR

EXAMPLE_QUESTION = "what was said about North Korea"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
# C0 and C1 control characters but newline and tab: a statement's text must
# not be able to move the cursor, retitle or clear the user's terminal
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="statement-qa",
        description="Ask questions about official statements; get the exact passages back, quoted and cited.",
    )
    parser.add_argument(
        "--corpus", type=Path, default=DEFAULT_CORPUS_DIR, help="folder of statements (.txt, .md, .html, .pdf)"
    )
    parser.add_argument("--index", type=Path, default=None, help="index folder (default: a cache folder per corpus)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what the engine does")
    commands = parser.add_subparsers(dest="command", required=True)

    ask = commands.add_parser("ask", help="answer a question with quoted passages")
    ask.add_argument("question")
    ask.add_argument("--doc", help="only this statement (its file name without the extension)")
    _date_options(ask)
    ask.add_argument("--json", action="store_true", help="print JSON for machines (same as --format json)")
    ask.add_argument(
        "--format", choices=("text", "json", "citation", "markdown"), default="text",
        help="text (default), json, citation (each quote with its citation, to paste), or markdown",
    )

    search = commands.add_parser("search", help="rank passages for a query")
    search.add_argument("query")
    search.add_argument("-k", type=int, default=5, help="how many passages (default 5)")
    search.add_argument("--mode", choices=("hybrid", "dense", "bm25"), default="hybrid")
    search.add_argument("--doc", help="only this statement")
    _date_options(search)
    search.add_argument("--json", action="store_true", help="print JSON for machines")

    commands.add_parser("list", help="list the statements, newest first: title, date, passages; and files left out")
    add = commands.add_parser("add", help="copy statement files into the corpus and update the index")
    add.add_argument("files", nargs="+", type=Path, metavar="FILE", help=".txt, .md, .html/.htm or .pdf")
    add.add_argument("--replace", action="store_true", help="replace a statement of the same name")
    index = commands.add_parser("index", help="build the index, or rebuild it if stale")
    index.add_argument("--force", action="store_true", help="rebuild even if the index is current")

    serve = commands.add_parser("serve", help="run the web chat")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default loopback only)")
    serve.add_argument("--port", type=int, default=7860)
    serve.add_argument(
        "--auth",
        default=os.environ.get("STATEMENT_QA_AUTH"),
        help="require a login, as USER:PASSWORD (default: $STATEMENT_QA_AUTH; none on loopback)",
    )
    serve.add_argument(
        "--insecure-no-auth", action="store_true",
        help="allow a non-loopback --host without --auth (anyone who can reach it can use the chat)",
    )

    evaluate = commands.add_parser("eval", help="evaluate the retrievers and ask() on gold questions")
    evaluate.add_argument("--gold", type=Path, action="append", help="gold JSONL file(s) (default: every bundled set)")
    evaluate.add_argument(
        "--calibrate", action="store_true",
        help="choose ask() thresholds by cross-validation over the development sets and save them",
    )
    evaluate.add_argument(
        "--calibration-file", type=Path, default=None,
        help="where --calibrate writes the thresholds (default: the package's index/calibration.json)",
    )
    evaluate.add_argument("--beir", type=Path, help="evaluate a BEIR-format folder instead")
    evaluate.add_argument("--langid", action="store_true", help="measure language detection on the gold questions")
    evaluate.add_argument("--split", default="test", help="BEIR qrels split (default test)")
    evaluate.add_argument("--out", type=Path, default=None, help="results folder (default eval/results)")
    bench = commands.add_parser("bench", help="measure speed, memory and scale; write eval/results/bench.json")
    bench.add_argument("--repeat", type=int, default=3, help="passes over the gold questions (default 3)")
    bench.add_argument("--cold-runs", type=int, default=5, help="cold process starts to time (default 5)")
    bench.add_argument(
        "--scale", type=int, nargs="*", default=[10_000, 100_000],
        help="synthetic index sizes (default 10000 100000; add 1000000 for the 1M case)",
    )
    bench.add_argument("--server-requests", type=int, default=40)
    bench.add_argument("--build-copies", type=int, default=20, help="statements in the build benchmark (default 20)")
    bench.add_argument("--out", type=Path, default=None, help="results folder (default eval/results)")
    load = commands.add_parser("load", help="drive the server with concurrent clients; write eval/results/load.json")
    load.add_argument("--clients", type=int, default=32)
    load.add_argument("--questions", type=int, default=25, help="questions per client (default 25)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    level = logging.INFO if args.verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    # the handler filters too: some libraries set their own loggers to DEBUG
    for handler in logging.getLogger().handlers:
        handler.setLevel(level)
    if not args.verbose:
        # loading the bundled model needs no progress bar
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        return _COMMANDS[args.command](args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away (`… | head -1`): stop quietly, as Unix tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except (ValueError, KeyError, FileNotFoundError, RuntimeError) as error:
        message = error.args[0] if isinstance(error, KeyError) and error.args else error
        _say(f"statement-qa: {message}", file=sys.stderr)
        return 2


def _date_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--since", help="only statements dated on or after this (2024-05-12, 2024-05 or 2024)")
    command.add_argument("--until", help="only statements dated on or before this (2024-05-12, 2024-05 or 2024)")


def _engine(args):
    from index import Engine

    return Engine(corpus_dir=args.corpus, index_dir=args.index)


def _ask(args) -> int:
    from app.render import answer_json

    answer = _engine(args).ask(args.question, doc=args.doc, since=args.since, until=args.until)
    if args.format in ("citation", "markdown"):
        if not answer.found:
            _say(answer.message)
        for hit in answer.quotes:
            _say(hit.cite(markdown=args.format == "markdown"))
            if args.format == "markdown":
                _say()
        return 0
    if args.json or args.format == "json":
        _json_out(answer_json(answer))
        return 0
    emphasis = _emphasis(sys.stdout.isatty())
    if not answer.found:
        _say(answer.message)
        if answer.related:
            _say(answer.closest_note())
            _say()
        for hit in answer.related:
            _say(hit.citation())
            print(_mark(hit, emphasis))
            _say()
        return 0
    for hit in answer.quotes:
        _say(hit.citation())
        print(_mark(hit, emphasis))
        _say()
    return 0


def _search(args) -> int:
    from app.render import hit_json

    hits = _engine(args).search(
        args.query, k=args.k, doc=args.doc, mode=args.mode, since=args.since, until=args.until
    )
    if args.json:
        _json_out([hit_json(h) for h in hits])
        return 0
    emphasis = _emphasis(sys.stdout.isatty())
    for rank, hit in enumerate(hits, 1):
        _say(f"{rank}. {hit.citation()}  (score {hit.score:.3f})")
        print("   " + _mark(hit, emphasis))
    return 0


def _index(args) -> int:
    engine = _engine(args)
    stored = engine.build(force=args.force)
    manifest = stored.manifest
    _say(
        f"index {stored.folder}: {manifest.passage_count} passages, {manifest.sentence_count} sentences, "
        f"{manifest.index_type}, model {manifest.model_id}"
    )
    _report_left_out(engine)
    return 0


def _list(args) -> int:
    engine = _engine(args)
    for statement in reversed(engine.statements()):
        when = statement.date or statement.date_text or "no date"
        _say(f"{statement.doc}: {statement.title} ({when}), {len(statement.passages)} passages")
    _report_left_out(engine)
    return 0


def _add(args) -> int:
    """Check every file first (nothing is copied if one cannot be read), copy, then update the index."""
    import filecmp
    import shutil

    from corpus import SUFFIXES, CorpusError, read_statement, statement_files

    corpus = Path(args.corpus)
    corpus.mkdir(parents=True, exist_ok=True)
    existing = {path.stem: path for path in statement_files(corpus)}
    plans: list[tuple[Path, Path, Path | None]] = []
    stems: set[str] = set()
    for source in args.files:
        if source.suffix.lower() not in SUFFIXES:
            raise ValueError(f"{source}: not a statement file; use {', '.join(SUFFIXES)}")
        if not source.is_file():
            raise FileNotFoundError(f"{source}: no such file")
        if source.stem in stems:
            raise ValueError(f"{source}: two files named {source.stem!r} given; a name is the statement's id")
        stems.add(source.stem)
        try:
            read_statement(source)
        except CorpusError as error:
            raise ValueError(f"{error}; nothing was added") from None
        old = existing.get(source.stem)
        target = corpus / source.name
        if old is not None and old.suffix.lower() == source.suffix.lower() and filecmp.cmp(old, source, shallow=False):
            _say(f"{source.name}: already in the corpus, unchanged")
            continue
        if old is not None and not args.replace:
            raise ValueError(
                f"{source}: the corpus already has a statement named {source.stem!r} ({old.name}); "
                "use --replace to replace it; nothing was added"
            )
        plans.append((source, target, old))
    for source, target, old in plans:
        if old is not None:
            old.unlink()
        shutil.copyfile(source, target)
    engine = _engine(args)
    engine.build()
    added = {target.stem for _, target, _ in plans}
    for statement in engine.statements():
        if statement.doc in added:
            when = statement.date or "no date"
            _say(f"added {statement.file}: {statement.title} ({when}), {len(statement.passages)} passages")
    counts = engine.keeper.last_build
    if plans:
        _say(f"index updated: {counts['embedded']} texts embedded, {counts['reused']} reused")
    _report_left_out(engine)
    return 0


def _report_left_out(engine) -> None:
    """Files the corpus folder holds but the index leaves out, and why (on stderr)."""
    problems, skipped = engine.corpus_problems()
    if problems:
        noun = "file" if len(problems) == 1 else "files"
        _say(f"{len(problems)} {noun} could not be read and {'was' if len(problems) == 1 else 'were'} left out:", file=sys.stderr)
        for problem in problems:
            _say(f"  {problem}", file=sys.stderr)
    if skipped:
        _say(f"{len(skipped)} skipped:", file=sys.stderr)
        for problem in skipped:
            _say(f"  {problem}", file=sys.stderr)


def _serve(args) -> int:
    from app.chat import serve

    auth = None
    if args.auth:
        user, sep, password = args.auth.partition(":")
        if not sep or not user or not password:
            raise ValueError("--auth must look like USER:PASSWORD")
        auth = (user, password)
    elif args.host not in LOOPBACK:
        if not args.insecure_no_auth:
            raise ValueError(
                f"refusing to serve on {args.host} without a login: pass --auth USER:PASSWORD "
                "(or set STATEMENT_QA_AUTH), or --insecure-no-auth if anyone who can reach it may use the chat"
            )
        logging.getLogger(__name__).warning(
            "serving on %s without a login: anyone who can reach this address can use the chat", args.host
        )
    print(f"statement-qa chat on http://{args.host}:{args.port}", flush=True)
    serve(_engine(args), host=args.host, port=args.port, auth=auth)
    return 0


def _eval(args) -> int:
    from eval.cli import run_eval

    return run_eval(args, _engine(args))


def _bench(args) -> int:
    from eval.bench import run_bench
    from eval.report import RESULTS_DIR

    run_bench(
        _engine(args),
        out_dir=args.out or RESULTS_DIR,
        repeat=args.repeat,
        cold_runs=args.cold_runs,
        scale_sizes=args.scale,
        server_requests=args.server_requests,
        build_copies=args.build_copies,
    )
    return 0


def _load(args) -> int:
    from eval.load import run_load

    results = run_load(_engine(args), clients=args.clients, questions_per_client=args.questions)
    print(json.dumps(results, indent=2))
    return 0 if results["errors"] == 0 and results["mismatched_replies"] == 0 else 1


def _emphasis(tty: bool) -> tuple[str, str]:
    return ("\033[1;4m", "\033[0m") if tty else ("**", "**")


def _mark(hit, emphasis: tuple[str, str]) -> str:
    """The passage with its evidence sentences emphasised."""
    opening, closing = emphasis
    text, out, cursor = hit.text, [], 0
    for start, end in sorted(hit.evidence):
        out += [terminal_safe(text[cursor:start]), opening, terminal_safe(text[start:end]), closing]
        cursor = end
    out.append(terminal_safe(text[cursor:]))
    return "".join(out)


def terminal_safe(text: str) -> str:
    """``text`` without control characters other than newline and tab.

    Example:
        >>> terminal_safe("North\x1b]0;pwned\x07 Korea")
        'North]0;pwned Korea'
    """
    return _CONTROL.sub("", str(text))


def _say(*parts, file=None) -> None:
    """``print`` for anything a statement or a user wrote: control characters removed."""
    print(*(terminal_safe(p) for p in parts), file=file or sys.stdout)


def _json_out(value) -> None:
    """JSON with every control character escaped (json escapes C0 itself; C1 and DEL here)."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    print(re.sub(r"[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text))


_COMMANDS = {"list": _list, "add": _add, "ask": _ask, "search": _search, "index": _index, "serve": _serve, "eval": _eval, "bench": _bench, "load": _load}

if __name__ == "__main__":
    raise SystemExit(main())

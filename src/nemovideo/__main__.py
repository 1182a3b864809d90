"""Run the CLI with `python -m nemovideo`."""

from nemovideo.cli import main

if __name__ == "__main__":
    raise SystemExit(main())

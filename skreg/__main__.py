"""Command line: ``python -m skreg tour [--family NAME ...] [--out DIR]``."""

import argparse
import sys


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m skreg")
    commands = parser.add_subparsers(dest="command", required=True)
    tour = commands.add_parser("tour", help="run the regularization tour")
    tour.add_argument(
        "--family",
        action="append",
        help="run only this family (may be repeated)",
    )
    tour.add_argument("--out", default=None, help="folder for figures")
    args = parser.parse_args(argv)

    from skreg._tour import run_tour

    run_tour(families=args.family, out_dir=args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

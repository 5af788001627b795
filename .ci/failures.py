#!/usr/bin/env python3
"""Print the failed tests of one or more TRX files, compactly, for the tail of a CI log.

Usage: .ci/failures.py [--lines N] [--max M] FILE.trx...
For each failed test: its name, the first N lines of its error message (default 4) and the first stack
frame in the project's own code (PxlScheduler.*), so that the last screen of a CI log says which test
failed and why. At most M tests are listed (default 25); the rest are counted. Prints nothing when no
test failed; a file that is missing or not XML is named on one line instead (the run may have died).
Only the standard library: CI has python3, not necessarily xmllint.
"""
import argparse
import sys
import xml.etree.ElementTree as ET

NS = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"


def text(element, path):
    found = element.find(path)
    return (found.text or "") if found is not None else ""


def own_frame(stack):
    """The first frame of the stack trace in PxlScheduler code, else the first frame at all."""
    frames = [line.strip() for line in stack.splitlines() if line.strip().startswith("at ")]
    for frame in frames:
        if "PxlScheduler." in frame:
            return frame
    return frames[0] if frames else ""


def failures(path):
    root = ET.parse(path).getroot()
    for result in root.iter(NS + "UnitTestResult"):
        # A theory's rows carry their own results under InnerResults; list the rows, not the parent.
        inner = result.find(NS + "InnerResults")
        if inner is not None and len(inner):
            continue
        if result.get("outcome") != "Failed":
            continue
        message = text(result, f"{NS}Output/{NS}ErrorInfo/{NS}Message")
        stack = text(result, f"{NS}Output/{NS}ErrorInfo/{NS}StackTrace")
        yield result.get("testName", "?"), result.get("duration", ""), message, own_frame(stack)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=4, help="lines of each error message (default 4)")
    parser.add_argument("--max", type=int, default=25, help="failed tests listed at most (default 25)")
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()

    found = []
    for path in args.files:
        try:
            found.extend(failures(path))
        except (OSError, ET.ParseError) as error:
            print(f"failed tests: cannot read {path}: {error}")
    if not found:
        return 0
    print(f"failed tests ({len(found)}):")
    for name, duration, message, frame in found[: args.max]:
        print(f"- {name} [{duration[:11]}]" if duration else f"- {name}")
        lines = [line.rstrip() for line in message.strip().splitlines()]
        for line in lines[: args.lines]:
            print(f"    {line[:300]}")
        if len(lines) > args.lines:
            print(f"    ... ({len(lines) - args.lines} more lines)")
        if frame:
            print(f"    {frame[:300]}")
    if len(found) > args.max:
        print(f"... and {len(found) - args.max} more (see the TRX file)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Calibrate the built-in choice model and write it with its report into data/choice/.

    python scripts/calibrate_builtin.py          # about a minute; rewrites both files
    python scripts/calibrate_builtin.py --check  # exit 1 if the files differ from a new fit

``data/choice/calibrated.json`` is what ``choice="logit"`` loads
(``multimodal.load_choice_model``); ``data/choice/calibration_report.csv`` is the report
(observed, before, modelled, error, leave-one-out, status per observation) that
``scripts/figures.py`` quotes in docs/choice.md and README. Run it after the network,
the demand or the observations change (then ``python scripts/figures.py``).
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "data" / "choice"
MODEL = FOLDER / "calibrated.json"
REPORT = FOLDER / "calibration_report.csv"


def fit() -> tuple[str, str]:
    """The calibrated model (JSON text) and its report (CSV text)."""
    import multimodal as mm

    net = mm.load_network()
    demand = mm.load_demand(network=net)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # stalls are in the report, per observation
        result = mm.calibrate(net, demand)
    text = json.dumps(result.model.to_dict(), indent=2, ensure_ascii=False) + "\n"
    report = result.report.to_csv(index=False, float_format="%.6g", lineterminator="\n")
    print(result.summary())
    return text, report


def main(argv: list[str] | None = None) -> int:
    """Fit and write (or check) the built-in calibration."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the files")
    args = parser.parse_args(argv)
    FOLDER.mkdir(parents=True, exist_ok=True)
    model, report = fit()
    if args.check:
        same = MODEL.read_text("utf-8") == model and REPORT.read_text("utf-8") == report
        print("calibration current" if same else "calibration stale: run the script")
        return 0 if same else 1
    MODEL.write_text(model, "utf-8")
    REPORT.write_text(report, "utf-8")
    print(f"wrote {MODEL.relative_to(ROOT)} and {REPORT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

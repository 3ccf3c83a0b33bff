"""Every problem code ttdn reports, wherever it is found, with its severity and meaning.

One registry: the README's table "Khi có lỗi" lists exactly these codes (a test compares
them, and that a row says "cảnh báo" exactly when its codes are warnings); the checks take a
problem's severity from here. Codes are stable: users and scripts match on them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ttdn.domain.problems import Severity


@dataclass(frozen=True, slots=True)
class Code:
    """What a problem code means (for developers; users read the README's table)."""

    severity: Severity
    meaning: str


_E, _W = "error", "warning"

CODES: dict[str, Code] = {
    # reading a file (ttdn.data.yamlsource, ttdn.data.loader)
    "encoding": Code(_E, "the file is not UTF-8"),
    "bom": Code(_E, "the file starts with a byte-order mark"),
    "crlf": Code(_E, "Windows line ends (CRLF)"),
    "not-nfc": Code(_E, "Vietnamese text in decomposed form (NFD)"),
    "zero-width": Code(_E, "invisible characters (U+200B…)"),
    "merge-conflict": Code(_E, "git conflict markers left in the file"),
    "too-large": Code(_E, "the file is larger than the limit"),
    "unreadable": Code(_E, "the file cannot be read, or a folder cannot be listed"),
    "link-outside": Code(_E, "a symbolic link resolving outside the data root"),
    "not-regular": Code(_E, "not a regular file: a folder named *.yaml, a FIFO, a device"),
    "yaml-syntax": Code(_E, "not valid YAML"),
    "yaml-tag": Code(_E, "a YAML tag that data files may not use"),
    "yaml-alias": Code(_E, "YAML anchors, aliases or merge keys"),
    "yaml-key": Code(_E, "a key that is not a plain string"),
    "duplicate-key": Code(_E, "a key twice in one mapping"),
    "empty-file": Code(_E, "an empty file, or only comments"),
    "unknown-file": Code(_W, "a YAML file where ttdn expects none"),
    "missing-plan": Code(_E, "a plan folder without plan.yaml"),
    # the data model (ttdn.data.schema_errors)
    "unknown-key": Code(_E, "a key the model does not have"),
    "missing-field": Code(_E, "a required field is missing"),
    "bad-type": Code(_E, "a value of the wrong type"),
    "bad-value": Code(_E, "a value outside the allowed ones"),
    "bad-id": Code(_E, "an identifier that is not lowercase ASCII joined by '-'"),
    "bad-date": Code(_E, "not a real date in YYYY-MM-DD form"),
    "empty-value": Code(_E, "an empty value"),
    # across files (ttdn.checks.rules)
    "bad-slug": Code(_E, "an agency file name that is not a valid id"),
    "unknown-agency": Code(_E, "an agency id with no file in agencies/"),
    "unknown-group": Code(_E, "a group id not in groups.yaml"),
    "unknown-plan": Code(_E, "a parent plan that does not exist"),
    "plan-cycle": Code(_E, "parent plans that loop back"),
    "duplicate-id": Code(_E, "a task, group or report period id used twice"),
    "duplicate-ref": Code(_E, "a task number used twice in a plan"),
    "bad-ref": Code(_E, "a task number not of the form <section>.<n> of its section"),
    "timeline-unknown": Code(_E, "a timeline ttdn cannot read"),
    "date-outside-year": Code(_E, "a date outside the plan's year"),
    "lead-coordinates": Code(_W, "the lead agency is also a coordinator"),
    "missing-abbreviation": Code(_W, "a reporting agency without an abbreviation for symbols"),
    "unresolved-name": Code(_E, "a name `ttdn plan import` could not resolve with certainty"),
    "unknown-task": Code(_E, "a task id not in the plan"),
    "not-involved": Code(_W, "progress from an agency neither leading nor coordinating"),
    "not-implemented": Code(_W, "a city task its lead's own plan does not implement"),
    "implemented-by-other": Code(_W, "an agency plan implements a task its agency no longer has"),
    "progress-agency": Code(_E, "a progress file naming another agency"),
    "future-date": Code(_E, "a date after the day looked at (--as-of)"),
    "entry-order": Code(_E, "progress entries not in date order"),
    "status-regression": Code(_E, "a status going back after done/cancelled without a note"),
    "unknown-indicator": Code(_E, "an indicator key that does not exist"),
    "indicator-decrease": Code(_W, "a running total lower than the task's previous one, no note"),
    "duplicate-report": Code(_E, "a period's report recorded twice"),
    "unknown-period": Code(_E, "a report for a period the plan does not have"),
    "bad-duty": Code(_E, "a standing duty missing what its kind needs"),
    # ttdn fmt (ttdn.edit.fmt)
    "fmt-failed": Code(_E, "fmt could not keep the data unchanged (a bug)"),
    "fmt-comments": Code(_E, "fmt could not keep every comment"),
}

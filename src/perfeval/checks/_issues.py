"""Issues: the problems a report lists, against the projects it has."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from perfeval.checks._registry import Hit, Severity, rule
from perfeval.model import Issue, Report

if TYPE_CHECKING:
    from perfeval.scoring import Policy


@rule(
    "issue-unknown-project",
    Severity.ERROR,
    title="Issue names an unknown project",
    title_zh="问题所涉项目不存在",
    description="An issue's project_ids (of the report or of a project) names an id that no"
    " project of the report has.",
)
def _unknown_project(report: Report, _: Policy) -> Iterator[Hit]:
    known = {project.id for project in report.projects}
    lists: list[tuple[str, tuple[Issue, ...]]] = [("/issues", report.issues)]
    lists += [
        (f"/projects/{p}/issues", project.issues) for p, project in enumerate(report.projects)
    ]
    for base, issues in lists:
        for i, issue in enumerate(issues):
            for k, project_id in enumerate(issue.project_ids):
                if project_id in known:
                    continue
                yield Hit(
                    f"{base}/{i}/project_ids/{k}",
                    f"the issue “{issue.description}” names the project {project_id!r},"
                    " which the report does not have",
                    f"问题“{issue.description}”所涉项目“{project_id}”在报告中不存在",
                )

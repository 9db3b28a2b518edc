"""Weblate's lock-commit-pull handshake, done by vielfalt around every run that writes the
catalogs, so that a translator's pending work and the city's change of the same paragraph
never meet as a conflict.

With `[weblate]` in vielfalt.toml, `translate` and `sync`:

1. lock the project's components in Weblate (those an admin had locked stay as they were);
2. have Weblate commit what translators saved and push it;
3. pull that into the workspace (`git fetch` + merge; the merge driver merges catalogs);
4. run (translate; the merge keeps every translator text, outdated where the German changed);
5. commit what the run wrote (announcements and locales only) and push;
6. have Weblate pull it (a fast-forward: Weblate has nothing of its own meanwhile);
7. unlock — always, whatever failed before.

A failure stops the steps that follow it, leaves Weblate unlocked and the workspace as a
finished git step left it, and says in one line what happened and what to do. The API
token comes from the environment variable `[weblate] token_env` names and is sent to the
configured server only (`pipeline.httpclient` refuses redirects elsewhere).
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config import HandshakeConfig, Workspace
from pipeline.errors import VielfaltError
from pipeline.exchange import repository
from pipeline.exchange.weblateapi import WeblateClient

#: one API call (Weblate's commit and push of a large project take a while)
CALL_TIMEOUT = 300.0
#: all pages of one listing together
LISTING_DEADLINE = 600.0
MAX_PAGES = 200


class HandshakeError(VielfaltError):
    """A step of the Weblate handshake failed; Weblate is unlocked again."""


class WeblateAPI(WeblateClient):
    """The calls of Weblate's REST API the handshake needs (what `wlc` offers)."""

    def __init__(self, config: HandshakeConfig, token: str) -> None:
        super().__init__(config.url, token, timeout=CALL_TIMEOUT)
        self.project = urllib.parse.quote(config.project, safe="")

    def listing(self, path: str) -> list[dict]:
        """Every result of a paged listing, within one deadline for all pages."""
        return [
            result
            for results in self.pages(path, deadline=LISTING_DEADLINE, max_pages=MAX_PAGES)
            for result in results
        ]

    def components(self) -> list[dict]:
        return self.listing(f"/api/projects/{self.project}/components/")

    def lock(self, component: str, locked: bool) -> None:
        slug = urllib.parse.quote(component, safe="")
        self.call(f"/api/components/{self.project}/{slug}/lock/", {"lock": locked})

    def repository(self, operation: str) -> dict:
        return self.call(f"/api/projects/{self.project}/repository/", {"operation": operation})

    def repository_state(self) -> dict:
        return self.call(f"/api/projects/{self.project}/repository/")

    def operation(self, operation: str, failure: str, hint: str) -> None:
        """A repository operation that must succeed and leave no merge failure behind."""
        answer = self.repository(operation)
        state = self.repository_state()
        if answer.get("result") is not True or state.get("merge_failure"):
            reason = state.get("merge_failure") or answer.get("detail") or "no reason given"
            raise HandshakeError(f"{failure}: {str(reason)[:300]}", hint=hint)

    def units_with_suggestions(self) -> list[dict]:
        query = urllib.parse.quote(f"project:{self.project} AND has:suggestion")
        return self.listing(f"/api/units/?q={query}")


@dataclass
class Handshake:
    """One handshake under way: what was done, and the steps after the run."""

    workspace: Workspace
    config: HandshakeConfig
    api: WeblateAPI
    root: Path
    branch: str
    say: Callable[[str], None]
    locked: list[str] = field(default_factory=list)
    #: (component, language, msgctxt) of units with a pending suggestion in Weblate
    suggestions: list[tuple[str, str, str]] = field(default_factory=list)
    #: suggestions whose unit's German changed in this run: listed for the translators
    stranded: list[str] = field(default_factory=list)

    def finish(self, message: str) -> bool:
        """Commit what the run wrote, push, and have Weblate pull it; False if nothing changed."""
        paths = [self.workspace.paths.announcements, self.workspace.paths.locales]
        tbx = self.workspace.paths.glossaries / "weblate"
        if tbx.is_dir():
            paths.append(tbx)
        committed = repository.commit(self.root, paths, message)
        if committed:
            repository.push(self.root, self.config.remote, self.branch)
            self.say(f"weblate: pushed the run's commit to {self.config.remote}/{self.branch}")
        self.api.operation(
            "pull",
            "Weblate could not pull vielfalt's commit",
            "open the project's Repository maintenance in Weblate; nothing was lost "
            "(the commit is in the remote repository)",
        )
        self.say("weblate: Weblate pulled the workspace")
        self.stranded = self._stranded()
        return committed

    def _stranded(self) -> list[str]:
        """Pending suggestions on units this run gave new German (Weblate's API cannot move
        a suggestion; listed so translators carry them over)."""
        from pipeline.queue.locales import catalog_path, read_catalog

        lines = []
        for component, language, context in self.suggestions:
            try:
                catalog, _ = read_catalog(catalog_path(self.workspace, language, component))
            except VielfaltError:
                continue
            keys = {e.key.rpartition("/")[2] for e in catalog.entries if not e.obsolete} if (
                catalog
            ) else set()
            if context not in keys:
                lines.append(
                    f"{component} ({language}): a suggestion in Weblate is on a paragraph whose "
                    f"German changed (unit {context}); carry it to the new paragraph in Weblate"
                )
        return lines


@contextmanager
def weblate_handshake(
    workspace: Workspace,
    environ: Mapping[str, str],
    say: Callable[[str], None],
    *,
    enabled: bool = True,
) -> Iterator[Handshake | None]:
    """Steps 1–3 on entry, 7 on exit (see the module); `finish` does 5–6. Yields None when
    the workspace has no [weblate] (or for a dry run): then vielfalt writes as it always did."""
    config = workspace.weblate
    if config is None or not enabled:
        yield None
        return
    token = environ.get(config.token_env, "")
    if not token:
        raise HandshakeError(
            f"[weblate] is set in {workspace.config_path} but ${config.token_env} is empty",
            hint=f"export {config.token_env}=<a Weblate API token with the project's rights>",
        )
    root = repository.root_of(workspace)
    branch = config.branch or repository.current_branch(root)
    api = WeblateAPI(config, token)
    handshake = Handshake(workspace, config, api, root, branch, say)
    try:
        for component in api.components():
            slug = component.get("slug")
            if isinstance(slug, str) and component.get("locked") is not True:
                api.lock(slug, True)
                handshake.locked.append(slug)
        say(f"weblate: locked {len(handshake.locked)} components of {config.project}")
        committed = api.repository("commit")
        api.operation(
            "push",
            "Weblate could not push its translators' work",
            "resolve it in Weblate (Repository maintenance), then run again; nothing was "
            "translated",
        )
        say(f"weblate: Weblate committed ({committed.get('result')}) and pushed its changes")
        handshake.suggestions = _suggestions(api)
        repository.pull(root, config.remote, branch)
        say(f"weblate: pulled {config.remote}/{branch} into the workspace")
        yield handshake
    finally:
        problems = []
        for slug in handshake.locked:
            try:
                api.lock(slug, False)
            except VielfaltError as exc:
                problems.append(f"{slug}: {exc}")
        if problems:
            raise HandshakeError(
                "Weblate components stay locked: " + "; ".join(problems),
                hint="unlock them in Weblate (Manage → Lock) or run again",
            )
        if handshake.locked:
            say(f"weblate: unlocked {len(handshake.locked)} components")


def _suggestions(api: WeblateAPI) -> list[tuple[str, str, str]]:
    """(component, language, msgctxt) of every unit with a pending suggestion."""
    found = []
    for unit in api.units_with_suggestions():
        translation = unit.get("translation")
        context = unit.get("context")
        if not isinstance(translation, str) or not isinstance(context, str):
            continue
        parts = urllib.parse.urlsplit(translation).path.rstrip("/").split("/")
        if len(parts) >= 3:
            found.append((parts[-2], parts[-1], context))
    return found

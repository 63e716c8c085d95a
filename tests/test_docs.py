"""The documents the README links exist, and the spec copy is in step with the shared one."""
import re

import pytest

from tests.conftest import ROOT

SHARED_SPEC = ROOT.parent / "shared" / "claims-spec.md"


def test_the_spec_copy_is_in_step_with_the_shared_spec():
    if not SHARED_SPEC.is_file():
        pytest.skip("../shared/claims-spec.md is not beside this clone")
    assert (ROOT / "docs" / "claims-spec.md").read_bytes() == SHARED_SPEC.read_bytes()


def test_every_relative_link_of_the_readme_and_docs_resolves():
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for target in re.findall(r"\]\(([^)#\s]+)\)", page.read_text(encoding="utf-8")):
            if "://" in target:
                continue
            assert (page.parent / target).exists(), f"{page.name} links {target}, which does not exist"

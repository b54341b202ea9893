"""axe-core, the accessibility checker, run on a page open in Playwright.

axe-core (npm, 4.x) is installed by the Makefile into build/node (`make axe`); nothing is
fetched at test time. Typical use in a test:

    violations = run_axe(page)
    ours, theirs = split_violations(page, violations, "article.bd-article")
    assert not ours, describe(ours)

`run_axe` returns axe's own violation dicts (`id`, `impact`, `help`, `helpUrl`, `nodes`, each
node with its CSS `target` and `html`). `split_violations` tells what lies inside a part of the
page (the course's own content) from the rest (the site's theme, JupyterLab's chrome).
"""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "build" / "node" / "node_modules" / "axe-core" / "axe.min.js"

# For each node of each violation: does its element lie inside `selector`?
INSIDE_JS = """([violations, selector]) => violations.map(v => v.nodes.map(node => {
    const target = node.target[0];
    if (node.target.length !== 1 || typeof target !== 'string') return false;
    const element = document.querySelector(target);
    return Boolean(element && element.closest(selector));
}))"""


def axe_source():
    """axe.min.js's text; skips the test with what to do when it isn't installed."""
    if not AXE_JS.exists():
        pytest.skip(f"axe-core is not installed at {AXE_JS}: run `make axe` (needs npm)")
    return AXE_JS.read_text()


def run_axe(page, context=None, options=None):
    """Run axe-core on the page (or on `context`, an axe context such as
    {"include": [...], "exclude": [...]}) with axe's `options` (e.g. {"runOnly": [...]});
    return its list of violations."""
    if not page.evaluate("() => Boolean(window.axe)"):
        page.add_script_tag(content=axe_source())
    # Only violations are read, so axe needn't collect every node that passed: twice as fast.
    options = {"resultTypes": ["violations"], **(options or {})}
    results = page.evaluate(
        "([context, options]) => axe.run(context || document, options)", [context, options]
    )
    return results["violations"]


def split_violations(page, violations, selector):
    """Split `violations` into (inside, outside): those of their nodes that lie inside the
    element(s) matching CSS `selector`, and the others. A rule with nodes on both sides appears
    in both lists, each with its own nodes."""
    inside_flags = page.evaluate(INSIDE_JS, [violations, selector])
    inside, outside = [], []
    for violation, flags in zip(violations, inside_flags, strict=True):
        for wanted, side in ((True, inside), (False, outside)):
            nodes = [node for node, flag in zip(violation["nodes"], flags) if flag == wanted]
            if nodes:
                side.append(dict(violation, nodes=nodes))
    return inside, outside


def describe(violations, examples=2):
    """One line per violation: rule, impact, how many nodes, what it means, example targets."""
    lines = []
    for violation in violations:
        shown = [" ".join(map(str, node["target"])) for node in violation["nodes"][:examples]]
        more = len(violation["nodes"]) - len(shown)
        targets = "; ".join(shown) + (f" (and {more} more)" if more else "")
        lines.append(
            f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])} nodes): "
            f"{violation['help']}: {targets}"
        )
    return "\n".join(lines)

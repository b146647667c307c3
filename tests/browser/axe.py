"""axe-core (from the npm registry, node_modules/axe-core) run in the page under test.

The script is never served to users: the test reads it from node_modules and evaluates it in the
page through the DevTools protocol, which the page's Content-Security-Policy does not govern
(a <script> tag would need the page's nonce).
"""

from pathlib import Path

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA, the level GB/T 37668 asks of public-service websites.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}

RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(
      (n) => n.target.join(" ") + " — " + (n.failureSummary || "").split("\\n").slice(1, 2).join("")
    ),
    count: v.nodes.length,
  }));
}"""


def axe_violations(page) -> list[dict]:
    """The serious and critical WCAG 2.1 AA violations axe-core finds on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    return [v for v in page.evaluate(RUN, TAGS) if v["impact"] in BLOCKING]


def describe(url: str, violations: list[dict]) -> list[str]:
    return [f"{url}: {v['id']} ({v['impact']}, {v['count']}×) {v['help']}: {v['nodes']}" for v in violations]

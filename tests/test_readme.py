"""The README's Python examples run as written (they share one namespace)."""

import re
from pathlib import Path

README = Path(__file__).parents[1] / "README.md"


def test_readme_examples_run(capsys):
    blocks = re.findall(
        r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S
    )
    assert len(blocks) >= 2
    namespace = {}
    for block in blocks:
        exec(compile(block, str(README), "exec"), namespace)
    printed = capsys.readouterr().out
    assert "lasso__alpha" in printed and "n_neighbors" in printed


def test_readme_opens_with_the_two_commands():
    commands = re.findall(
        r"```bash\n(.*?)```", README.read_text(encoding="utf-8"), re.S
    )
    assert "python -m skreg tour" in commands[0]
    assert "pytest" in commands[1]

"""Print the N-th fenced ``bash`` block of README.md (1-based).

CI runs the README's commands verbatim, so the README cannot drift from what
is tested.
"""

import re
import sys
from pathlib import Path

readme = Path(sys.argv[1]).read_text(encoding="utf-8")
blocks = re.findall(r"```bash\n(.*?)```", readme, flags=re.DOTALL)
print(blocks[int(sys.argv[2]) - 1])

"""The optimizer speaks in codes (W0063, T07P3); a manager reads names."""

import re
from collections.abc import Callable


def named(names: dict[str, str]) -> Callable[[str], str]:
    """Reasons in the words a manager reads: the codes of the plan's workers and families (the
    optimizer only knows codes) become their names."""
    if not names:
        return lambda text: text
    pattern = re.compile(
        r"(?<![\w-])(" + "|".join(re.escape(c) for c in sorted(names, key=len, reverse=True)) + r")(?![\w-])"
    )
    return lambda text: pattern.sub(lambda found: names[found.group(1)], text)

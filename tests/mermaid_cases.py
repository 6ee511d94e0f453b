"""Small Mermaid journey diagrams written the way people write them (issue 15), each
holding one thing cxtui used to refuse, lose or invent.

``ROUND_TRIPS`` are written as cxtui's export writes (same indentation), so that
import then export must give the text back unchanged; ``OTHERS`` come back in
cxtui's own spelling. ``MERMAID_REJECTS`` lists those Mermaid 11 itself refuses (cxtui
takes them, their intent being clear).
"""

from __future__ import annotations

ROUND_TRIPS: dict[str, str] = {
    "themed": """\
---
config:
  theme: forest
  journey:
    taskFontSize: 16
---
%%{init: {"themeVariables": {"fontFamily": "serif"}}}%%
journey
    title Buying shoes
    accTitle: Shoe purchase journey
    accDescr: Ann buys shoes online
    section Browse
      Search: 4: Ann
      Compare: 2: Ann, Bob
    section Pay
      Checkout: 1: Ann
""",
    "multi-line-directive": """\
%%{
  init: {
    "theme": "dark"
  }
}%%
journey
    title Dark
    section S
      Step: 3: Me
""",
    "no-title-no-section": """\
journey
    Wake up: 2: Me
    Make tea: 5: Me
""",
    "tasks-before-the-first-section": """\
journey
    title Morning
    Wake up: 2: Me
    section Kitchen
      Make tea: 5: Me
""",
    "repeated-section": """\
journey
    title Two visits
    section Shop
      Browse: 3: Ann
    section Shop
      Buy: 4: Ann
    section Home
      Unpack: 5: Ann
    section Home
      Relax: 5: Ann
""",
    "acc-title-only": """\
journey
    accTitle: A day, told for screen readers
    section Day
      Work: 2: Me
""",
}

OTHERS: dict[str, str] = {
    "scores-one-to-nine": """\
journey
    title Course rating
    section Week 1
      Lecture: 9: Student
      Lab: 1: Student
      Quiz: 5: Student
      Reading: 6: Student
""",
    "scores-zero-negative-fraction": """\
journey
    section S
      Low: -1: Me
      Zero: 0: Me
      Half: 2.5: Me
      Top: 5: Me
""",
    "text-after-accdescr-brace": """\
journey
    accDescr { A short
      description } section Only
    Task: 3: Me
    accDescr { One line } title After the brace
""",
    "entity-codes": """\
journey
    title Ticket #35;42
    section Sign #quot;in#quot;
      Type #60;name#62;: 3: Ann #38; Bob
      Unknown #nosuchentity; kept: 4: Me
""",
    "comment-before-front-matter": """\
%% drawn for the team wiki
---
title: Onboarding
config:
  theme: neutral
---
journey
    section Day 1
      Meet the team: 4: New hire
""",
}

MERMAID_REJECTS = {"comment-before-front-matter"}

#: A Markdown page whose every block starts with a directive or front matter, the
#: journey (with a comment first) being the third.
MARKDOWN_PAGE = """\
# Notes

```mermaid
%%{init: {"theme": "neutral"}}%%
flowchart LR
  A --> B
```

```mermaid
---
config:
  theme: dark
---
sequenceDiagram
  A->>B: hi
```

```mermaid
%% the journey
%%{init: {"theme": "neutral"}}%%
journey
    title From the wiki
    section S
      Step: 2: Me
```
"""

ALL: dict[str, str] = {**ROUND_TRIPS, **OTHERS}

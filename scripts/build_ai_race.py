"""Build the bundled AI-race dataset, ``src/aitimeline/datasets/ai_race.json``.

The input is ``shared/data/seed_events.csv`` (63 events from five articles, each date checked
against public records) plus the tables below, written by hand from the articles in
``shared/seeds/`` and ``shared/data/seed_events_notes.md``:

* ``ARTICLES``: the five articles (A000..A004) as sources;
* ``ARTICLE_CLAIMS``: what each article says about each event's date, in its own words and
  precision (``"in September"`` is a month; relative wordings are resolved, see below);
* ``VERIFIED``: the source that verified each date (the CSV's ``verified_source``);
* ``OTHER_CLAIMS``: further sources that give another defensible date;
* ``FACTS``: each event's kind and typed facts (parameters, chips, money, ...).

Relative wordings become a :class:`~aitimeline.RelativeWhen` when they are an offset from a
date ("a week before that", "less than three months after o1", "one year ago"), anchored on
the article's own claim for the other event (or on the article's publication date); wordings
that name a calendar unit relative to the article's date ("last month", "last Friday", "this
week") become a plain When with the resolved bounds, the wording kept beside it.

Usage (with aitimeline importable, e.g. after ``make venv`` or with ``PYTHONPATH=src``)::

    python scripts/build_ai_race.py            # rewrite the JSON file
    python scripts/build_ai_race.py --check    # exit 1 if the file is out of date
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import attrs

from aitimeline import (
    IPO,
    ChipHours,
    DateClaim,
    Event,
    ExportControl,
    Founding,
    Hardware,
    Investment,
    Milestone,
    Money,
    Parameters,
    Policy,
    PriceChange,
    Publication,
    Release,
    Score,
    Source,
    Span,
    Statement,
    Timeline,
    Training,
    When,
)
from aitimeline.io import JSONValue, dumps

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "data" / "seed_events.csv"
OUT = ROOT / "src" / "aitimeline" / "datasets" / "ai_race.json"

usd = Money.parse
B = Parameters

# --------------------------------------------------------------------------------------------
# The articles

ARTICLES: dict[str, Source] = {
    "A000": Source(
        key="A000",
        publisher="The Economist",
        title="China's AI industry has almost caught up with America's",
        published="2025-01-23",
        url="https://www.economist.com/briefing/2025/01/23/chinas-ai-industry-has-almost-caught-up-withamericas",
    ),
    "A001": Source(
        key="A001",
        publisher="Unattributed summary of The Economist briefing (A000)",
        title="Introduction to China's Growing AI Footprint",
    ),
    "A002": Source(
        key="A002",
        publisher="The Economist",
        title="Chinese AI is catching up, posing a dilemma for Donald Trump",
        published="2025-01-23?",  # assumed, not verified (seed_events_notes.md)
    ),
    "A003": Source(
        key="A003",
        publisher="World Socialist Web Site (WSWS)",
        title="One year after DeepSeek, Chinese AI surges",
        published="2026-01-21",
    ),
    "A004": Source(
        key="A004",
        publisher="South China Morning Post (Yahoo Finance repost)",
        title="China narrows AI gap with US 3 years after initial ChatGPT shock",
        # "last month" = November (Kimi K2 Thinking); reposts are dated 2025-12-16/17.
        published="2025-12-01/2025-12-17",
    ),
}

A000_DATE = When.day(2025, 1, 23)
A003_DATE = When.day(2026, 1, 21)
A004_DATE = When.parse("2025-12-01/2025-12-17")

# The article's own claims that other claims are relative to.
O1_SEPTEMBER = When.month(2024, 9)
QWQ_LESS_THAN_3_MONTHS = When.relative(O1_SEPTEMBER, "three months", qualifier="less_than")
DECEMBER_2024 = When.month(2024, 12)
JULY_2025 = When.month(2025, 7)
INAUGURATION = When.day(2025, 1, 20)  # A002 ties both events to the inauguration
CHATGPT_LAUNCH = When.day(2022, 11, 30)  # A004 gives this date itself
QWEN_LAUNCH_VERIFIED = When.month(2023, 4)  # A000 says only "in 2023": the month is the record's


class Claim(NamedTuple):
    """An article's statement about an event's date."""

    key: str
    when: When
    wording: str


ARTICLE_CLAIMS: dict[str, list[Claim]] = {
    "openai-o1-preview": [Claim("A000", O1_SEPTEMBER, "released in September")],
    "gemini-2-flash-thinking": [Claim("A000", DECEMBER_2024, "in December")],
    "openai-o3-announced": [
        Claim(
            "A000",
            When.relative(DECEMBER_2024, "a week", qualifier="at_most"),
            "a few days later (than Gemini Flash Thinking, 'in December')",
        )
    ],
    "deepseek-r1-lite-preview": [
        Claim(
            "A000",
            When.relative(
                QWQ_LESS_THAN_3_MONTHS, "a week", before=True, qualifier="about", slack=2
            ),
            "a week before that (QwQ, 'less than three months after o1')",
        )
    ],
    "qwq-32b-preview": [
        Claim("A000", QWQ_LESS_THAN_3_MONTHS, "Less than three months after o1 was launched"),
        Claim("A002", When.month(2024, 11), "was launched in November"),
    ],
    "deepseek-v3-base-weights": [Claim("A000", DECEMBER_2024, "in December")],
    "deepseek-v3": [
        Claim("A000", DECEMBER_2024, "in December"),
        Claim("A004", DECEMBER_2024, "in December 2024"),
    ],
    "lmsys-deepseek-v3-seventh": [Claim("A000", When.month(2025, 1), "chart: '... January 2025'")],
    "altman-copy-tweet": [
        Claim(
            "A000",
            When.relative(DECEMBER_2024, "two weeks", qualifier="at_most"),
            "Shortly after DeepSeek released v3 ('in December')",
        )
    ],
    "llama-3-1-405b": [Claim("A000", When.month(2024, 7), "released in July")],
    "deepseek-r1": [
        Claim("A000", When.week(2025, 4), "This week (article of 2025-01-23)"),
        Claim("A002", INAUGURATION, "Even as Mr Trump was giving his inaugural oration"),
        Claim("A004", When.month(2025, 1), "in January"),
    ],
    "deepseek-v3-api-full-price": [
        Claim("A000", When.month(2025, 2), "in February, when DeepSeek starts to let other firms")
    ],
    "stargate-announced": [
        Claim("A002", When.relative(INAUGURATION, "1 day"), "the next day (after the inauguration)")
    ],
    "us-chip-export-ban-2022": [Claim("A000", When.year(2022), "In 2022")],
    "chatgpt": [Claim("A004", CHATGPT_LAUNCH, "on November 30 three years ago")],
    "chatgpt-100m-users": [
        Claim(
            "A004",
            When.relative(CHATGPT_LAUNCH, "two months", qualifier="at_most"),
            "about 100 million users in just two months",
        )
    ],
    "tongyi-qianwen": [Claim("A000", When.year(2023), "The same month that Qwen launched in 2023")],
    "high-flyer-agi-lab": [
        Claim(
            "A000",
            QWEN_LAUNCH_VERIFIED,
            "The same month that Qwen launched in 2023 (Qwen launched in April 2023)",
        )
    ],
    "deepseek-incorporated": [
        Claim(
            "A000",
            QWEN_LAUNCH_VERIFIED,
            "The same month that Qwen launched in 2023, High-Flyer ... span off its AI research "
            "unit as DeepSeek (Qwen launched in April 2023)",
        )
    ],
    "high-flyer-founded": [Claim("A000", When.year(2015), "set up in 2015")],
    "china-ai-plan-2017": [Claim("A004", When.year(2017), "a national priority in 2017")],
    "qwen-vl-max": [
        Claim(
            "A000",
            When.relative(A000_DATE, "a year", before=True, qualifier="about", slack=31),
            "a year ago (article of 2025-01-23)",
        )
    ],
    "altman-super-agents-briefing": [
        Claim(
            "A000",
            When.relative(A000_DATE, "1 day", qualifier="at_least"),
            "expected to announce soon (article of 2025-01-23)",
        )
    ],
    "deepseek-shock": [
        Claim(
            "A003",
            When.relative(A003_DATE, "a year", before=True, qualifier="about", slack=31),
            "One year ago (article of 2026-01-21)",
        )
    ],
    "robin-li-open-source": [Claim("A004", When.month(2025, 2), "in February")],
    "clsa-three-month-gap": [Claim("A004", When.month(2025, 9), "in September")],
    "zhou-hongyi-two-years-behind": [Claim("A004", When.year(2023), "in 2023")],
    "allen-zhu-no-llm-funding": [
        Claim(
            "A004",
            When.relative(CHATGPT_LAUNCH, "a year", qualifier="more_than"),
            "Even over a year after ChatGPT's launch",
        )
    ],
    "openrouter-state-of-ai": [
        Claim(
            "A004",
            When.relative(A004_DATE, "a month", before=True, qualifier="at_most"),
            "a recently published report",
        )
    ],
    "qwen3": [Claim("A004", When.year(2025), "this year")],
    "minimax-m1": [Claim("A004", When.month(2025, 6), "in June")],
    "kimi-k2": [Claim("A004", JULY_2025, "in July")],
    "glm-4-5": [
        Claim(
            "A004",
            When.relative(JULY_2025, "1 day", qualifier="at_least"),
            "It was followed by (after Kimi K2, 'in July')",
        )
    ],
    "us-ai-action-plan": [Claim("A004", When.month(2025, 6), "in June")],
    "glm-4-6": [Claim("A004", When.month(2025, 10), "In October")],
    "minimax-m2": [Claim("A004", When.month(2025, 10), "in October")],
    "kimi-k2-thinking": [
        Claim("A004", When.month(2025, 11), "last month (article of December 2025)")
    ],
    "ren-zhengfei-shanghai": [
        Claim(
            "A004",
            When.month(2025, 11),
            "at a Shanghai event last month (article of December 2025)",
        )
    ],
    "minimax-ipo": [
        Claim("A003", When.day(2026, 1, 16), "Last Friday (article of Wednesday 2026-01-21)")
    ],
    "tang-jie-gap-widening": [
        Claim(
            "A003",
            When.parse("2026-01-01/2026-01-21"),
            "earlier this month (article of 2026-01-21)",
        )
    ],
    "brad-smith-ft": [
        Claim("A003", When.week(2026, 3), "last week (article of Wednesday 2026-01-21)")
    ],
    "capital-economics-fahy": [
        Claim(
            "A003",
            When.relative(A003_DATE, "a month", before=True, qualifier="at_most"),
            "A recent report (article of 2026-01-21)",
        )
    ],
    "biden-chip-eo": [Claim("A002", When.day(2021, 2, 24), "photo caption: February 24, 2021")],
}
"""Each article's claim about an event's date; events missing here are undated in the articles."""


EXTRA_QUOTES: dict[str, list[tuple[str, str]]] = {
    "deepseek-v3": [
        (
            "A000",
            (
                "coming up with V3's billions of parameters took fewer than 3m chip-hours, at an "
                "estimated cost of less than $6m - about a tenth of the computing power and "
                "expense that went into Llama 3.1. V3's training required just 2,000 chips, "
                "whereas Llama 3.1 used 16,000."
            ),
        ),
        (
            "A001",
            (
                "it used just 2,000 chips for model training, compared to the 16,000 needed for "
                "Meta\N{RIGHT SINGLE QUOTATION MARK}s Llama 3.1."
            ),
        ),
        (
            "A002",
            (
                "It was apparently trained using 2,000 second-rate chips\N{EM DASH}versus 16,000 "
                "first-class chips for Meta\N{RIGHT SINGLE QUOTATION MARK}s model ... "
                "DeepSeek\N{RIGHT SINGLE QUOTATION MARK}s owner says it spent under $6mn."
            ),
        ),
    ],
    "llama-3-1-405b": [
        (
            "A001",
            "compared to the 16,000 needed for Meta\N{RIGHT SINGLE QUOTATION MARK}s Llama 3.1",
        ),
        ("A002", "versus 16,000 first-class chips for Meta\N{RIGHT SINGLE QUOTATION MARK}s model"),
    ],
    "qwq-32b-preview": [
        ("A001", "Alibaba launching the world\N{RIGHT SINGLE QUOTATION MARK}s QwQ model"),
    ],
    "lmsys-deepseek-v3-seventh": [
        (
            "A002",
            (
                "DeepSeek, whose creator was spun out of an investment firm, ranks seventh by "
                "one benchmark."
            ),
        ),
    ],
}
"""Passages the CSV's article_wording leaves out: numbers and further articles that report an
event (without a date claim of their own)."""


# --------------------------------------------------------------------------------------------
# The verifying sources


class Verified(NamedTuple):
    """The source that verified an event's date (from the CSV's verified_source)."""

    publisher: str
    title: str
    wording: str
    url: str = ""
    published: str | None = None


VERIFIED: dict[str, Verified] = {
    "openai-o1-preview": Verified(
        "OpenAI", "Model id o1-preview-2024-09-12", "o1-preview-2024-09-12"
    ),
    "gemini-2-flash-thinking": Verified(
        "Google", "Model id gemini-2.0-flash-thinking-exp-1219", "lmarena tweet 2024-12-19"
    ),
    "openai-o3-announced": Verified(
        "OpenAI",
        "o3 and o3-mini - 12 Days of OpenAI: Day 12 (livestream)",
        "Announce date 20/Dec/2024",
    ),
    "deepseek-r1-lite-preview": Verified(
        "DeepSeek",
        "DeepSeek-R1-Lite-Preview is now live",
        "On 20 November 2024, DeepSeek-R1-Lite-Preview became accessible via API and chat",
        "https://api-docs.deepseek.com/news/news1120",
    ),
    "qwq-32b-preview": Verified(
        "Qwen team (Alibaba)",
        "QwQ: Reflect Deeply on the Boundaries of the Unknown",
        "HF collection Qwen/QwQ 'updated Nov 28, 2024'",
        "https://qwenlm.github.io/blog/qwq-32b-preview/",
    ),
    "deepseek-v3-base-weights": Verified(
        "Simon Willison's Weblog",
        "DeepSeek-V3-Base",
        "DeepSeek-V3-Base ... 685B parameters, 687.9 GB on disk",
        published="2024-12-25",
    ),
    "deepseek-v3": Verified(
        "DeepSeek",
        "Introducing DeepSeek-V3",
        "@deepseek_ai tweet 'Introducing DeepSeek-V3!' Dec 26 2024",
        "https://api-docs.deepseek.com/news/news1226",
    ),
    "deepseek-v3-paper": Verified(
        "Hugging Face",
        "Paper page 2412.19437: DeepSeek-V3 Technical Report",
        "Published Dec 27, 2024",
        "https://huggingface.co/papers/2412.19437",
    ),
    "aider-deepseek-v3": Verified(
        "Simon Willison's Weblog",
        "DeepSeek v3 on the Aider Polyglot leaderboard",
        "DeepSeek v3 preview scored 48.4%, putting it in second place behind o1-2024-12-17 (high)",
        published="2024-12-25",
    ),
    "altman-copy-tweet": Verified("X (Twitter)", "Post by Sam Altman (@sama)", "December 27, 2024"),
    "karpathy-joke-budget": Verified(
        "X (Twitter)",
        "Post by Andrej Karpathy (@karpathy)",
        "status 1872242657348710721 (snowflake timestamp 2024-12-26 11:26 UTC)",
        "https://x.com/karpathy/status/1872242657348710721",
    ),
    "llama-3-1-405b": Verified(
        "Meta",
        "Llama 3.1 model card",
        "Model Release Date: July 23, 2024",
        "https://github.com/meta-llama/llama-models/blob/main/models/llama3_1/MODEL_CARD.md",
    ),
    "meta-350k-h100": Verified(
        "CNBC",
        "Zuckerberg's Instagram Reel on Meta's H100 fleet",
        "Instagram Reel, Thursday 2024-01-18",
    ),
    "deepseek-r1": Verified(
        "DeepSeek",
        "DeepSeek-R1 Release",
        "OpenRouter deepseek/deepseek-r1 'Created Jan 20, 2025'",
        "https://api-docs.deepseek.com/news/news250120",
    ),
    "deepseek-v3-api-full-price": Verified(
        "DeepSeek", "API pricing documentation", "discount until 2025-02-08 16:00 (UTC)"
    ),
    "trump-inauguration-2025": Verified(
        "The Week", "Trump inauguration", "oath 12:02 pm ET", published="2025-01-20"
    ),
    "stargate-announced": Verified(
        "OpenAI", "Announcing The Stargate Project", "On Tuesday, Jan. 21 ... (justsecurity.org)"
    ),
    "ai-diffusion-rule": Verified(
        "Federal Register",
        "Framework for Artificial Intelligence Diffusion (doc 2025-00636, 90 FR 4544)",
        "effective January 13, 2025",
        "https://www.federalregister.gov/d/2025-00636",
        "2025-01-15",
    ),
    "us-chip-export-ban-2022": Verified(
        "US Commerce BIS",
        "Commerce Implements New Export Controls on Advanced Computing and Semiconductor "
        "Manufacturing Items to the PRC",
        "Friday, October 7, 2022",
        published="2022-10-07",
    ),
    "nvidia-a800": Verified(
        "Reuters", "Nvidia confirms A800 sales in China", "reported 2022-11-07/08 (day ambiguous)"
    ),
    "nvidia-h800": Verified(
        "Reuters", "Nvidia H800 sold to Tencent, Alibaba, Baidu", "March 2023 (day not verified)"
    ),
    "us-chip-controls-2023": Verified(
        "US Commerce BIS",
        "Commerce Strengthens Restrictions on Advanced Computing Semiconductors",
        "Tuesday 2023-10-17; effective 2023-11-17",
        published="2023-10-17",
    ),
    "us-chip-controls-2024-12": Verified(
        "Thompson Hine SmartTrade",
        "BIS export control rules of December 2024",
        "rules effective 2024-12-02",
    ),
    "h200-ban-lifted": Verified(
        "Mediaite",
        "Trump's Truth Social post on Nvidia H200 sales to China",
        "Truth Social post Monday 2025-12-08",
        published="2025-12-08",
    ),
    "h200-licensing-rule": Verified(
        "Covington & Burling",
        "BIS final rule on H200-class exports to China",
        "On January 13, 2026, ... BIS issued a final rule",
    ),
    "china-genai-interim-measures": Verified(
        "Reuters",
        "China issues interim measures for generative AI",
        "issued 2023-07-13, effective 2023-08-15",
        published="2023-07-13",
    ),
    "ernie-bot-invite": Verified(
        "DigiTimes",
        "Ernie Bot opens to the public",
        "Ernie Bot was launched on March 16 on invitation-based testing",
        published="2023-08-31",
    ),
    "ernie-bot-public": Verified(
        "Al Jazeera",
        "Baidu's ERNIE Bot opens to the public",
        "ERNIE Bot is now fully open to the general public starting August 31",
        published="2023-08-31",
    ),
    "chatgpt": Verified("OpenAI", "Introducing ChatGPT", "2022-11-30", published="2022-11-30"),
    "chatgpt-100m-users": Verified(
        "Reuters",
        "ChatGPT sets record for fastest-growing user base (UBS note)",
        "UBS note of 2023-02-01",
        published="2023-02-02",
    ),
    "tongyi-qianwen": Verified(
        "The Decoder",
        "Alibaba unveils Tongyi Qianwen",
        "On Tuesday, April 11, Alibaba officially unveiled",
    ),
    "qwen-7b-open-weights": Verified(
        "Qwen team (Alibaba)",
        "QwenLM/Qwen README",
        "2023.8.3 We release both Qwen-7B and Qwen-7B-Chat on ModelScope and Hugging Face",
        "https://github.com/QwenLM/Qwen",
    ),
    "high-flyer-agi-lab": Verified(
        "Wikipedia",
        "DeepSeek",
        "On 14 April 2023, High-Flyer announced the start of an artificial general intelligence "
        "lab",
        "https://en.wikipedia.org/wiki/DeepSeek",
    ),
    "deepseek-incorporated": Verified(
        "Wikipedia",
        "DeepSeek",
        "Incorporated on 17 July 2023",
        "https://en.wikipedia.org/wiki/DeepSeek",
    ),
    "high-flyer-founded": Verified(
        "Phoenix Finance (ifeng.com)", "Liang Wenfeng and High-Flyer", "梁文锋在2015年建立幻方量化"
    ),
    "china-ai-plan-2017": Verified(
        "State Council of China",
        "New Generation Artificial Intelligence Development Plan (Guofa [2017] No. 35)",
        "signed 2017-07-08, issued 2017-07-20",
        published="2017-07-20",
    ),
    "qwen-vl": Verified(
        "Qwen team (Alibaba)",
        "QwenLM/Qwen-VL README",
        "2023.8.22 We release both Qwen-VL and Qwen-VL-Chat",
        "https://github.com/QwenLM/Qwen-VL",
    ),
    "qwen-vl-max": Verified(
        "Qwen team (Alibaba)",
        "QwenLM/Qwen-VL README",
        "2024.01.18 We introduce Qwen-VL-Max",
        "https://github.com/QwenLM/Qwen-VL",
    ),
    "project-mariner": Verified(
        "BGR",
        "Google unveils Project Mariner",
        "announced with Gemini 2.0 on Wednesday Dec 11",
        published="2024-12-12",
    ),
    "altman-super-agents-briefing": Verified(
        "Axios",
        "Altman to brief officials on PhD-level super-agents",
        "meet U.S. government officials in Washington on Jan. 30",
    ),
    "deepseek-shock": Verified(
        "Wikipedia",
        "DeepSeek",
        "by 27 January, DeepSeek had surpassed ChatGPT as the most-downloaded free app",
        "https://en.wikipedia.org/wiki/DeepSeek",
    ),
    "robin-li-open-source": Verified(
        "Baidu (Q4 2024 earnings call, via lambham.com)",
        "Robin Li on open-sourcing",
        "during Tuesday's earnings call",
    ),
    "clsa-three-month-gap": Verified(
        "South China Morning Post",
        "China narrows AI development gap with US (SCMP article 3324931)",
        "Day not verified",
    ),
    "zhou-hongyi-two-years-behind": Verified(
        "South China Morning Post",
        "Zhou Hongyi at the China Development Forum",
        "speech 'on March 25th' (chinabankingnews.com); March 27 (cnrobopedia.com)",
        published="2023-03-27",
    ),
    "allen-zhu-no-llm-funding": Verified(
        "South China Morning Post",
        "Chinese venture capitalist Allen Zhu steers clear of mainland tech firms' AI large "
        "language model frenzy (SCMP article 3254560)",
        "appears to date from about February 2024 (month approximate)",
    ),
    "openrouter-state-of-ai": Verified(
        "Andreessen Horowitz",
        "State of AI",
        "Posted December 4, 2025",
        "https://a16z.com/state-of-ai",
        "2025-12-04",
    ),
    "qwen3": Verified(
        "TMTPost", "Alibaba unveils Qwen 3", "unveiled Qwen 3 on Tuesday", published="2025-04-29"
    ),
    "minimax-m1": Verified(
        "arXiv",
        "MiniMax-M1 (arXiv 2506.13585)",
        "released on 16 June 2025",
        "https://arxiv.org/abs/2506.13585",
    ),
    "kimi-k2": Verified(
        "Simon Willison's Weblog",
        "Kimi K2",
        "Colossal new open weights model release today",
        published="2025-07-11",
    ),
    "glm-4-5": Verified(
        "Zhipu AI (Z.ai)",
        "zai-org/GLM-4.5 README",
        "Release date 28 Jul 2025",
        "https://github.com/zai-org/GLM-4.5",
    ),
    "us-ai-action-plan": Verified(
        "The White House",
        "Winning the AI Race: America's AI Action Plan",
        "On July 23, 2025, the White House released ...",
        published="2025-07-23",
    ),
    "glm-4-6": Verified("Zhipu AI (Z.ai)", "GLM-4.6 release notes", "released September 30, 2025"),
    "minimax-m2": Verified("CometAPI", "MiniMax-M2", "released by MiniMax October 27, 2025"),
    "kimi-k2-thinking": Verified(
        "Codemotion", "Kimi K2 Thinking", "released Kimi K2 Thinking on November 6"
    ),
    "ren-zhengfei-shanghai": Verified(
        "news.lavx.hu",
        "Summary of the official minutes of Ren Zhengfei's meeting with ICPC contestants",
        "2025-11-14 meeting at Huawei's Lianqiu Lake campus",
    ),
    "zhipu-ipo": Verified(
        "Reuters",
        "Zhipu AI debuts in Hong Kong",
        "raised HK$4.35bn at HK$116.20, closed +13.2%",
        published="2026-01-08",
    ),
    "minimax-ipo": Verified(
        "The Star (Bloomberg)",
        "MiniMax shares more than double in Hong Kong debut",
        "raised US$619mil, closed up 109% on Friday",
        published="2026-01-12",
    ),
    "tang-jie-gap-widening": Verified(
        "ChinaTalk", "AGI-Next summit", "AGI-Next summit, Beijing, 2026-01-10"
    ),
    "brad-smith-ft": Verified(
        "C114",
        "Brad Smith interview with the Financial Times",
        "On January 13, the Financial Times published a report",
    ),
    "imf-weo-jan-2026": Verified(
        "Gulfbase",
        "IMF World Economic Outlook Update, January 2026",
        "WASHINGTON, JAN 19",
        published="2026-01-19",
    ),
    "biden-chip-eo": Verified(
        "CNET",
        "Biden signs executive order on America's supply chains",
        "EO on America's Supply Chains 2021-02-24",
        published="2021-02-24",
    ),
}
"""The verifying source of each event; lmsys-deepseek-v3-seventh and capital-economics-fahy
were not verified (their dates come from the article alone)."""

UNVERIFIED = {"lmsys-deepseek-v3-seventh", "capital-economics-fahy", "allen-zhu-no-llm-funding"}
"""Events whose date (or day and month) could not be verified: tagged ``unverified``."""


class OtherClaim(NamedTuple):
    """A further source giving another defensible date."""

    source: Source
    when: When
    wording: str


OTHER_CLAIMS: dict[str, list[OtherClaim]] = {
    "qwq-32b-preview": [
        OtherClaim(
            Source(publisher="Hugging Face", title="Qwen QwQ-32B-Preview demo Space (commits)"),
            When.day(2024, 11, 27),
            "demo Space commits dated 2024-11-27 UTC (some sources say Nov 27, US time)",
        )
    ],
    "high-flyer-founded": [
        OtherClaim(
            Source(
                publisher="Wikipedia",
                title="DeepSeek",
                url="https://en.wikipedia.org/wiki/DeepSeek",
            ),
            When.month(2016, 2),
            "In February 2016, High-Flyer was co-founded",
        )
    ],
    "qwen3": [
        OtherClaim(
            Source(publisher="Qwen team (Alibaba)", title="Qwen3: Think Deeper, Act Faster"),
            When.day(2025, 4, 28),
            "evening of 2025-04-28, US Pacific time (2025-04-29 Beijing)",
        )
    ],
    "kimi-k2-thinking": [
        OtherClaim(
            Source(publisher="models.dev", title="Kimi K2 Thinking"),
            When.day(2025, 11, 7),
            "2025-11-07",
        )
    ],
}


# --------------------------------------------------------------------------------------------
# Kinds and facts


class Fact(NamedTuple):
    """An event's kind, typed fields and extra tags; actors/country override the CSV."""

    kind: type[Event]
    fields: Mapping[str, Any]
    tags: frozenset[str] = frozenset()
    actors: tuple[str, ...] | None = None
    country: str | None = "csv"
    note: str = ""


def fact(
    kind: type[Event],
    tags: str = "",
    *,
    actors: Sequence[str] | None = None,
    country: str | None = "csv",
    note: str = "",
    **fields: Any,  # noqa: ANN401 - the kind's own fields, checked by its constructor
) -> Fact:
    """Return a Fact; *tags* is a space-separated string."""
    return Fact(
        kind,
        fields,
        frozenset(tags.split()),
        None if actors is None else tuple(actors),
        country,
        note,
    )


V3_TRAINING = Training(
    chips=2048,
    chip_type="H800",
    chip_hours=ChipHours("2.788M"),
    cost=usd("$5.576M"),
    tokens=14_800_000_000_000,
)
LLAMA_TRAINING = Training(chips=16_000, chip_type="H100", chip_hours=ChipHours("30.84M"))
GAP = "ai-gap"
CHIPS = "chips export-controls"

FACTS: dict[str, Fact] = {
    "openai-o1-preview": fact(
        Release,
        model="o1-preview",
        family="OpenAI o-series",
        capabilities={"reasoning"},
        open_weights=False,
        licence="proprietary",
        preview=True,
    ),
    "gemini-2-flash-thinking": fact(
        Release,
        model="Gemini 2.0 Flash Thinking Experimental",
        family="Gemini",
        capabilities={"reasoning"},
        open_weights=False,
        licence="proprietary",
        preview=True,
    ),
    "openai-o3-announced": fact(
        Release,
        "announcement",
        model="o3",
        family="OpenAI o-series",
        capabilities={"reasoning"},
        open_weights=False,
        licence="proprietary",
        preview=True,
    ),
    "deepseek-r1-lite-preview": fact(
        Release,
        model="DeepSeek-R1-Lite-Preview",
        family="DeepSeek-R1",
        capabilities={"reasoning"},
        open_weights=False,
        preview=True,
    ),
    "qwq-32b-preview": fact(
        Release,
        model="QwQ-32B-Preview",
        family="Qwen",
        capabilities={"reasoning"},
        open_weights=True,
        licence="Apache-2.0",
        parameters=B("32.5B"),
        preview=True,
    ),
    "deepseek-v3-base-weights": fact(
        Release,
        model="DeepSeek-V3-Base",
        family="DeepSeek-V3",
        open_weights=True,
        licence="DeepSeek Model License",
        parameters=B("685B"),
        active_parameters=B("37B"),
        note="Parameters: 685B on Hugging Face = 671B main model + 14B multi-token-prediction "
        "(MTP) module; 37B activated per token.",
    ),
    "deepseek-v3": fact(
        Release,
        model="DeepSeek-V3",
        family="DeepSeek-V3",
        capabilities={"chat", "coding"},
        open_weights=True,
        licence="DeepSeek Model License",
        parameters=B("671B"),
        active_parameters=B("37B"),
        based_on=("deepseek-v3-base-weights",),
        training=V3_TRAINING,
        note="Parameters: 671B main model (685B with the 14B MTP module). Training cost is the "
        "paper's estimate at $2 per H800 GPU-hour (excludes prior research and ablations).",
    ),
    "deepseek-v3-paper": fact(
        Publication,
        "paper",
        publisher="arXiv",
        document="DeepSeek-V3 Technical Report",
        authors=("DeepSeek-AI",),
        identifier="arXiv:2412.19437",
    ),
    "aider-deepseek-v3": fact(
        Score,
        "benchmark coding",
        actors=("Aider (Paul Gauthier)",),
        model="DeepSeek-V3 (preview)",
        metric="pass_rate",
        value=48.4,
        unit="%",
        benchmark="Aider Polyglot",
    ),
    "lmsys-deepseek-v3-seventh": fact(
        Score,
        "benchmark",
        model="DeepSeek-V3",
        metric="rank",
        value=7.0,
        benchmark="LMSYS Chatbot Arena",
    ),
    "altman-copy-tweet": fact(
        Statement,
        actors=("OpenAI", "Sam Altman"),
        speaker="Sam Altman",
        quote="It is (relatively) easy to copy something that you know works. It is extremely "
        "hard to do something new, risky, and difficult when you don't know if it will work.",
        venue="X (Twitter)",
    ),
    "karpathy-joke-budget": fact(
        Statement,
        speaker="Andrej Karpathy",
        quote="(2048 GPUs for 2 months, $6M) ... on a joke of a budget",
        venue="X (Twitter)",
    ),
    "llama-3-1-405b": fact(
        Release,
        model="Llama 3.1 405B",
        family="Llama",
        capabilities={"chat"},
        open_weights=True,
        licence="Llama 3.1 Community License",
        parameters=B("405B"),
        training=LLAMA_TRAINING,
        note="Training: up to 16K H100 GPUs (Llama 3 paper), 30.84M H100 GPU-hours (model card).",
    ),
    "meta-350k-h100": fact(
        Statement,
        "compute chips",
        actors=("Meta", "Mark Zuckerberg"),
        speaker="Mark Zuckerberg",
        quote="350,000 Nvidia H100s by the end of 2024",
        paraphrase=True,
        venue="Instagram Reel",
    ),
    "deepseek-r1": fact(
        Release,
        model="DeepSeek-R1",
        family="DeepSeek-R1",
        capabilities={"reasoning"},
        open_weights=True,
        licence="MIT",
        parameters=B("671B"),
        active_parameters=B("37B"),
        based_on=("deepseek-v3-base-weights",),
    ),
    "deepseek-v3-api-full-price": fact(
        PriceChange,
        model="DeepSeek-V3",
        input_price=usd("$0.27"),
        output_price=usd("$1.10"),
        note="Cache-hit input $0.07/M. Claude 3.5 Sonnet: $3/M in, $15/M out.",
    ),
    "trump-inauguration-2025": fact(
        Milestone,
        "politics",
        actors=("Donald Trump", "US Government"),
        subject="Donald Trump sworn in as 47th US president",
        note="Kind: the seed CSV says 'policy'; an inauguration is recorded here as a milestone.",
    ),
    "stargate-announced": fact(
        Investment,
        "compute",
        actors=("OpenAI", "SoftBank", "Oracle", "MGX"),
        recipient="Stargate Project",
        investors=("SoftBank", "OpenAI", "Oracle", "MGX"),
        amount=usd("$500B"),
        note="Kind: the seed CSV says 'policy'; Stargate is a private joint venture, recorded "
        "here as an investment. $100bn to be deployed immediately.",
    ),
    "ai-diffusion-rule": fact(
        ExportControl,
        CHIPS,
        issuer="US Commerce BIS",
        action="tighten",
        items=("advanced AI chips", "closed AI model weights"),
        in_force=Span("2025-01-13", "2025-05-13"),
    ),
    "us-chip-export-ban-2022": fact(
        ExportControl,
        CHIPS,
        issuer="US Commerce BIS",
        action="ban",
        target="CN",
        items=("advanced computing chips", "semiconductor manufacturing equipment"),
        in_force=Span("2022-10-07"),
    ),
    "nvidia-a800": fact(
        Hardware, "chips", chip="A800", vendor="Nvidia", derived_from="A100", market="CN"
    ),
    "nvidia-h800": fact(
        Hardware, "chips", chip="H800", vendor="Nvidia", derived_from="H100", market="CN"
    ),
    "us-chip-controls-2023": fact(
        ExportControl,
        CHIPS,
        issuer="US Commerce BIS",
        action="tighten",
        target="CN",
        items=("A800", "H800", "advanced computing chips", "semiconductor manufacturing equipment"),
        in_force=Span("2023-11-17"),
    ),
    "us-chip-controls-2024-12": fact(
        ExportControl,
        CHIPS,
        issuer="US Commerce BIS",
        action="tighten",
        target="CN",
        items=(
            "high-bandwidth memory (HBM)",
            "24 types of semiconductor manufacturing equipment",
            "140 entities added to the Entity List",
        ),
        in_force=Span("2024-12-02"),
    ),
    "h200-ban-lifted": fact(
        ExportControl,
        CHIPS,
        actors=("US Government (Trump)", "Nvidia"),
        issuer="US President",
        action="lift",
        target="CN",
        items=("Nvidia H200",),
    ),
    "h200-licensing-rule": fact(
        ExportControl,
        CHIPS,
        issuer="US Commerce BIS",
        action="licence",
        target="CN",
        items=("Nvidia H200", "AMD MI325X"),
        in_force=Span("2026-01-15"),
    ),
    "china-genai-interim-measures": fact(
        Policy,
        "regulation",
        issuer="Cyberspace Administration of China and six other agencies",
        instrument="regulation",
        in_force=Span("2023-08-15"),
    ),
    "ernie-bot-invite": fact(
        Release,
        model="ERNIE Bot",
        family="ERNIE",
        capabilities={"chat"},
        open_weights=False,
        preview=True,
    ),
    "ernie-bot-public": fact(
        Release,
        model="ERNIE Bot",
        family="ERNIE",
        capabilities={"chat"},
        open_weights=False,
    ),
    "chatgpt": fact(
        Release,
        model="ChatGPT",
        family="GPT-3.5",
        capabilities={"chat"},
        open_weights=False,
        licence="proprietary",
    ),
    "chatgpt-100m-users": fact(
        Milestone,
        subject="ChatGPT monthly active users (UBS/Similarweb estimate)",
        value=100_000_000,
        unit="users",
    ),
    "tongyi-qianwen": fact(
        Release,
        model="Tongyi Qianwen",
        family="Qwen",
        capabilities={"chat"},
        open_weights=False,
    ),
    "qwen-7b-open-weights": fact(
        Release,
        model="Qwen-7B",
        family="Qwen",
        capabilities={"chat"},
        open_weights=True,
        licence="Tongyi Qianwen License",
    ),
    "high-flyer-agi-lab": fact(
        Founding,
        organisation="High-Flyer AGI research lab (later DeepSeek)",
        parent="High-Flyer",
        founders=("Liang Wenfeng",),
    ),
    "deepseek-incorporated": fact(
        Founding,
        organisation=(
            "Hangzhou DeepSeek Artificial Intelligence Basic Technology Research Co., Ltd."
        ),
        parent="High-Flyer",
        founders=("Liang Wenfeng",),
        location="Hangzhou",
    ),
    "high-flyer-founded": fact(
        Founding,
        actors=("High-Flyer", "Liang Wenfeng"),
        organisation="High-Flyer",
        founders=("Liang Wenfeng",),
        location="Hangzhou",
    ),
    "china-ai-plan-2017": fact(
        Policy,
        "strategy",
        issuer="State Council of China",
        instrument="plan",
    ),
    "qwen-vl": fact(
        Release,
        model="Qwen-VL",
        family="Qwen",
        capabilities={"vision"},
        open_weights=True,
        based_on=("qwen-7b-open-weights",),
    ),
    "qwen-vl-max": fact(
        Release,
        model="Qwen-VL-Max",
        family="Qwen",
        capabilities={"vision"},
        open_weights=False,
    ),
    "project-mariner": fact(
        Release,
        actors=("Google DeepMind",),
        model="Project Mariner",
        family="Gemini",
        capabilities={"agent"},
        open_weights=False,
        preview=True,
    ),
    "altman-super-agents-briefing": fact(
        Statement,
        actors=("OpenAI", "Sam Altman"),
        speaker="Sam Altman",
        quote="PhD-level super-agents",
        paraphrase=True,
        venue="closed-door briefing of US government officials, Washington",
    ),
    "deepseek-shock": fact(
        Milestone,
        "markets",
        actors=("DeepSeek", "Nvidia"),
        subject="Nvidia market value, one-day change",
        value=-590_000_000_000,
        unit="USD",
        note="About $590bn (some reports: $593bn); Nvidia's share price fell about 18%.",
    ),
    "robin-li-open-source": fact(
        Statement,
        actors=("Baidu", "Robin Li"),
        speaker="Robin Li",
        quote="One thing we learned from DeepSeek is that open-sourcing the best models can "
        "greatly help adoption",
        venue="Baidu Q4 2024 earnings call",
    ),
    "clsa-three-month-gap": fact(
        Statement,
        GAP,
        actors=("CLSA", "Tony Zhang"),
        speaker="Tony Zhang (CLSA)",
        quote="The China-US AI gap had narrowed to around three months from more than a year",
        paraphrase=True,
    ),
    "zhou-hongyi-two-years-behind": fact(
        Statement,
        GAP,
        actors=("360 Security Technology", "Zhou Hongyi"),
        speaker="Zhou Hongyi",
        quote="the country was two to three years behind the US in developing ChatGPT-like "
        "technology",
        paraphrase=True,
        venue="China Development Forum",
    ),
    "allen-zhu-no-llm-funding": fact(
        Statement,
        actors=("GSR Ventures", "Allen Zhu Xiaohu"),
        speaker="Allen Zhu Xiaohu",
        quote="How do you make money out of just developing an LLM?",
        venue="interview (Tencent News)",
    ),
    "openrouter-state-of-ai": fact(
        Publication,
        "report",
        actors=("OpenRouter", "Andreessen Horowitz"),
        publisher="OpenRouter and Andreessen Horowitz",
        document="State of AI",
        identifier="https://a16z.com/state-of-ai",
    ),
    "qwen3": fact(
        Release,
        model="Qwen3-235B-A22B",
        family="Qwen3",
        capabilities={"reasoning"},
        open_weights=True,
        licence="Apache-2.0",
        parameters=B("235B"),
        active_parameters=B("22B"),
        note="The family also has 30B-A3B and six dense models; hybrid thinking modes.",
    ),
    "minimax-m1": fact(
        Release,
        model="MiniMax-M1",
        family="MiniMax",
        capabilities={"reasoning", "long-context"},
        open_weights=True,
        parameters=B("456B"),
        active_parameters=B("45.9B"),
        training=Training(chips=512, chip_type="H800", cost=usd("$534,700")),
        note="Training facts cover the reinforcement-learning stage only: $534,700 on 512 H800s. "
        "1M-token context.",
    ),
    "kimi-k2": fact(
        Release,
        model="Kimi K2",
        family="Kimi",
        capabilities={"coding", "agent"},
        open_weights=True,
        licence="Modified MIT",
        parameters=B("1T"),
        active_parameters=B("32B"),
    ),
    "glm-4-5": fact(
        Release,
        actors=("Zhipu AI (Z.ai)",),
        model="GLM-4.5",
        family="GLM",
        capabilities={"reasoning", "coding", "agent"},
        open_weights=True,
        licence="MIT",
        parameters=B("355B"),
        active_parameters=B("32B"),
    ),
    "us-ai-action-plan": fact(
        Policy,
        "strategy",
        issuer="White House (Trump administration)",
        instrument="plan",
    ),
    "glm-4-6": fact(
        Release,
        actors=("Zhipu AI (Z.ai)",),
        model="GLM-4.6",
        family="GLM",
        capabilities={"reasoning", "coding", "long-context"},
        open_weights=True,
        licence="MIT",
        parameters=B("357B"),
        note="200K-token context.",
    ),
    "minimax-m2": fact(
        Release,
        model="MiniMax-M2",
        family="MiniMax",
        capabilities={"reasoning", "coding", "agent"},
        open_weights=True,
        licence="MIT",
        parameters=B("230B"),
        active_parameters=B("10B"),
    ),
    "kimi-k2-thinking": fact(
        Release,
        model="Kimi K2 Thinking",
        family="Kimi",
        capabilities={"reasoning", "agent"},
        open_weights=True,
        licence="Modified MIT",
        parameters=B("1T"),
        active_parameters=B("32B"),
        based_on=("kimi-k2",),
        training=Training(cost=usd("$4.6M")),
        note="Training cost as reported by CNBC; not confirmed by Moonshot. 44.9% on Humanity's "
        "Last Exam.",
    ),
    "ren-zhengfei-shanghai": fact(
        Statement,
        actors=("Huawei", "Ren Zhengfei"),
        speaker="Ren Zhengfei",
        quote="Chinese AI engineers no longer envy those abroad",
        venue="meeting with ICPC contestants, Huawei Lianqiu Lake campus, Shanghai",
    ),
    "zhipu-ipo": fact(
        IPO,
        "ipo markets",
        actors=("Zhipu AI (Knowledge Atlas Technology)",),
        company="Knowledge Atlas Technology (Zhipu AI)",
        exchange="HKEX",
        ticker="2513.HK",
        raised=usd("$558M"),
        offer_price=Money("116.20", "HKD"),
        first_day_change="13.2",
        note="Raised HK$4.35bn (about US$558m). A003's '+37%' is the gain after the second "
        "trading day (+13.2% on debut, +21% the next day), not the first-day change.",
    ),
    "minimax-ipo": fact(
        IPO,
        "ipo markets",
        company="MiniMax",
        exchange="HKEX",
        ticker="0100.HK",
        raised=usd("$619M"),
        market_cap=usd("$13.5B"),
        first_day_change="109",
        note="Raised about HK$4.8bn; closed at HK$345 on the first day.",
    ),
    "tang-jie-gap-widening": fact(
        Statement,
        GAP,
        actors=("Zhipu AI", "Tang Jie"),
        speaker="Tang Jie",
        quote="While we're doing well in certain areas, we must still acknowledge the challenges "
        "and disparities we face",
        venue="AGI-Next summit, Beijing",
    ),
    "brad-smith-ft": fact(
        Statement,
        GAP,
        actors=("Microsoft", "Brad Smith"),
        speaker="Brad Smith",
        quote="We have to recognise that right now, unlike a year ago, China has an open-source "
        "model, and increasingly more than one, that is competitive.",
        venue="interview with the Financial Times",
    ),
    "imf-weo-jan-2026": fact(
        Publication,
        "report markets",
        country="INTL",
        publisher="International Monetary Fund",
        document="World Economic Outlook Update, January 2026",
        note="Country: the seed CSV leaves it blank (international organisation).",
    ),
    "capital-economics-fahy": fact(
        Publication,
        f"report {GAP}",
        actors=("Capital Economics", "Leah Fahy"),
        publisher="Capital Economics",
        authors=("Leah Fahy",),
    ),
    "biden-chip-eo": fact(
        Policy,
        "chips",
        actors=("White House (Biden)", "Joe Biden"),
        issuer="White House (Biden administration)",
        instrument="executive order (EO 14017)",
    ),
}


# --------------------------------------------------------------------------------------------
# Building


_KEY_MARK = re.compile(r"(A\d{3})(?: \([^)]*\))?(?: photo caption)?: ")
_QUOTED = re.compile(r"'(.+?)'(?=;|,|\s+also\b|\s+remark\b|\s*$)")


def article_quotes(wording: str) -> dict[str, str]:
    """Split the CSV's article_wording into the quoted passages of each article key."""
    parts = _KEY_MARK.split(wording)
    quotes: dict[str, list[str]] = {}
    for key, text in zip(parts[1::2], parts[2::2], strict=True):
        found = _QUOTED.findall(text.strip().rstrip(";").strip())
        quotes.setdefault(key, []).extend(found or [text.strip()])
    return {key: " / ".join(q) for key, q in quotes.items()}


def build_event(row: Mapping[str, str]) -> Event:
    """Return the event of one CSV row, with its sources, claims and facts."""
    slug = row["slug"]
    info = FACTS[slug]
    sources: list[Source] = []
    claims: list[DateClaim] = []
    article_source: dict[str, Source] = {}
    quotes = article_quotes(row["article_wording"])
    for key, extra in EXTRA_QUOTES.get(slug, []):
        quotes[key] = f"{quotes[key]} / {extra}" if key in quotes else extra
    for key, quote in quotes.items():
        source = attrs.evolve(ARTICLES[key], quote=quote)
        article_source[key] = source
        sources.append(source)
    claims.extend(
        DateClaim(c.when, article_source[c.key], c.wording) for c in ARTICLE_CLAIMS.get(slug, [])
    )
    when = When.parse(row["date"])
    verified = VERIFIED.get(slug)
    if verified is not None:
        source = Source(
            key=row["id"],
            publisher=verified.publisher,
            title=verified.title,
            published=verified.published,
            url=verified.url,
            quote=row["verified_source"],
        )
        sources.append(source)
        claims.append(DateClaim(when, source, verified.wording))
    for other in OTHER_CLAIMS.get(slug, []):
        sources.append(other.source)
        claims.append(DateClaim(other.when, other.source, other.wording))
    tags = set(info.tags) | ({"unverified"} if slug in UNVERIFIED else set())
    country = (row["country"] or None) if info.country == "csv" else info.country
    note = " ".join(part for part in (row["notes"], info.note) if part)
    return info.kind(
        id=slug,
        when=when,
        title=row["title"],
        actors=info.actors if info.actors is not None else (row["actor"],),
        country=country,
        tags=tags,
        sources=sources,
        date_claims=claims,
        note=note,
        **info.fields,
    )


def build(seed: Path) -> str:
    """Return the JSON text of the dataset built from the CSV at *seed*."""
    with seed.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    missing = sorted({r["slug"] for r in rows} - FACTS.keys())
    extra = sorted(FACTS.keys() - {r["slug"] for r in rows})
    if missing or extra:
        msg = f"FACTS is out of step with {seed}: missing {missing}, unknown {extra}"
        raise SystemExit(msg)
    timeline = Timeline(build_event(r) for r in rows)
    metadata: dict[str, JSONValue] = {
        "name": "ai_race",
        "description": "Datable events of the US-China AI race mentioned in five news articles "
        "(2025-2026), each dated from public records, citing the article and the verifying "
        "source, with each article's own wording of the date kept as a date claim.",
        "generated_by": "scripts/build_ai_race.py",
        "seed": "shared/data/seed_events.csv",
        "articles": {
            key: f"{s.publisher}, {s.title!r} ({s.published})" for key, s in ARTICLES.items()
        },
    }
    return dumps(timeline, metadata=metadata) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Write (or with --check, compare) the dataset file; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=Path, default=SEED, help="the seed_events.csv to read")
    parser.add_argument("--out", type=Path, default=OUT, help="the JSON file to write")
    parser.add_argument("--check", action="store_true", help="only check the file is current")
    args = parser.parse_args(argv)
    text = build(args.seed)
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(
                f"{args.out} is out of date; run python scripts/build_ai_race.py", file=sys.stderr
            )
            return 1
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What a new name in a document is, by plain rules: noise for a tracker (a quarter, a
clock time, a job title, a memory technology…, with the reason), or a lab, chip, model or
product, from the name itself and the words around it."""

from __future__ import annotations

import re

# A sentence that looks ahead (scan's predictions and stub's drafts share it).
MODAL = re.compile(
    r"\b(will|won't|expects?|expected|predicts?|predicted|forecasts?|forecasted|"
    r"likely to|set to|projected to|going to|poised to)\b",
    re.I,
)

_CHIP_NAME = re.compile(
    r"\b(?:MI\d{2,3}|TPU|GPU|Gaudi|Trainium|Inferentia|Maia|Instinct|WSE|LPU|NPU|IPU|Blackwell|"
    r"Hopper|Rubin|Ascend|[HBAL]\d{2,3}|GB\d{3})",
    re.I,
)
_MODEL_NAME = re.compile(
    r"\b(?:GPT|Claude|Llama|Gemini|Gemma|Grok|Mistral|Mixtral|Pixtral|Codestral|Qwen|DeepSeek|"
    r"Phi|Kimi|GLM|Sonnet|Opus|Haiku|o\d)\b",
    re.I,
)
_CHIP_CONTEXT = re.compile(r"\b(?:accelerators?|GPUs?|chips?|silicon|processors?|cards?|HBM\w*)\b", re.I)
_MODEL_CONTEXT = re.compile(r"\b(?:models?|LLMs?|weights|parameters|multimodal|chatbot)\b", re.I)
_NOISE = [
    # "H1'25", "Q4 2026", "FY25"; never "H100" (a chip, not H1 + '00)
    (
        r"(?:Q[1-4]|H[12]|[1-4][QH]|FY|CY)(?:['’]\d{2}|\s?(?:19|20)\d{2})?|(?:FY|CY|[1-4][QH])\d{2}",
        "a quarter or half-year, not a name",
    ),
    (r"AM|PM|PT|ET|PST|PDT|EST|EDT|UTC|GMT|CET", "a clock time or time zone"),
    (r"CEO|CTO|CFO|COO|CSO|CIO|VP|SVP|EVP|GM|President|Chair(?:man|woman)?|Founder|Director", "a job title"),
    (r"It|Its|We|Our|They|Their|This|That|These|Those|He|She|His|Her|There|Here|The|A|An", "a sentence-initial word"),
    (
        r"(?:HBM|LPDDR|GDDR|DDR)\w*(?:-\w+)?|S?DRAM|SRAM|CDNA\s?\d*|RDNA\s?\d*|CoWoS\w*|\d+\s?nm|N\d+[A-Z]?|PCIe\s?\d*"
        r"|CXL\s?\d*|NVLink\s?\d*|UALink|InfiniBand|Ethernet|FP\d+|BF16|INT\d+",
        "a memory, process or interconnect technology",
    ),
    (r"[KMGTPE]i?B(?:/s|ps)?|[KMGTPE]?FLOPS|[kKMGTP]?W|TOPS|petaFLOPS|teraFLOPS|exaFLOPS|GHz|MHz|TDP|TCO", "a unit"),
    (r"SXM\d*|OAM|PCIe\s?\d*|NVL(?:\d+)?|MGX|HGX|DGX|U\.2|M\.2|2U|4U|1U", "a form factor or system design"),
    (r"TSMC|Samsung Foundry|GlobalFoundries|UMC|SMIC|Intel Foundry", "a foundry, not an AI lab"),
    (r"CO2|CO₂|H2O|CH4|NOx|SO2|O2|N2|Si|GaN|SiC", "a chemical"),
    (r"GTC|CES|Computex|ISC|SC\d\d|NeurIPS|ICML|ICLR|CVPR|Hot\s?Chips|MWC|WWDC|I/O", "a conference"),
    (
        r"URL|URLs|SFT|RLHF|DPO|MoE|CSPs?|OEMs?|ODMs?|TAM|ROI|SKUs?|FAQ|TL;DR|RSS|SEO|Tags?|Share|Subscribe",
        "page furniture or jargon",
    ),
    (r"AI|GPUs?|TPUs?|NPUs?|XPUs?|LPUs?|IPUs?|APIs?|LLMs?|IPOs?|US|USA|EU|UK|PDF|OS|UI|R&D", "a generic term or place"),
]
_NOISE_RX = [(re.compile(rx), why) for rx, why in _NOISE]

# "the CS-4 system", "the Dojo supercomputer": the word after a name says what it is
PRODUCT_WORD = {
    "system": "device",
    "server": "device",
    "appliance": "device",
    "device": "device",
    "supercomputer": "cluster",
    "cluster": "cluster",
    "platform": "platform",
    "framework": "framework",
    "library": "framework",
    "service": "service",
    "benchmark": "benchmark",
    "robot": "robot",
}


# The word after a name that says the name is not an entity: "the MIT license", "the
# DeepSeekMoE layout", "Multi-head Latent Attention".
NOT_AFTER = {
    "license": "a licence",
    "licence": "a licence",
    "architecture": "an architecture or technique",
    "layout": "an architecture or technique",
    "attention": "an architecture or technique",
    "objective": "an architecture or technique",
    "format": "a format",
    "formats": "a format",
    "precision": "a number format",
    "event": "an event",
    "keynote": "an event",
    "conference": "an event",
    "summit": "an event",
    "expo": "an event",
    "graphics": "an architecture or technique",
}


_TYPE_WORDS = [
    (re.compile(r"\b(?:library|libraries|kernel|kernels|framework|SDK|toolkit|open-source code)\b", re.I), "framework"),
    (re.compile(r"\b(?:supercomputer|cluster|data ?cent(?:er|re))\b", re.I), "cluster"),
    (re.compile(r"\b(?:rack|server|board|appliance|device|system)\b", re.I), "device"),
    (re.compile(r"\b(?:agent|agents|coding tool|command-line)\b", re.I), "agent-runtime"),
    (re.compile(r"\b(?:cloud|API|service|subscription|assistant|app|users|tier|Pro)\b", re.I), "service"),
]


def product_type(after: str, around: str) -> str:
    """What kind of product a name is: the word after it ("the CS-4 system"), else the
    words around it; a platform when they do not say."""
    if after.lower() in PRODUCT_WORD:
        return PRODUCT_WORD[after.lower()]
    return next((kind for rx, kind in _TYPE_WORDS if rx.search(around)), "platform")


def noise(name: str) -> str | None:
    return next((why for rx, why in _NOISE_RX if rx.fullmatch(name)), None)


def kind_of(name: str, mention_kind: str, context: str, after: str = "") -> str | None:
    """chip, model, product or lab for a new name, or None when the text does not say."""
    if (
        mention_kind != "org"
        and after.lower() in PRODUCT_WORD
        and not _CHIP_NAME.search(name)
        and not _MODEL_NAME.search(name)
    ):
        return "product"
    if mention_kind == "org":
        if _CHIP_NAME.search(name):  # a product family without a number: say so, do not guess
            return "chip" if any(c.isdigit() for c in name) else None
        return "lab"
    if _CHIP_NAME.search(name):
        return "chip"
    if _MODEL_NAME.search(name):
        return "model"
    chip, model = _CHIP_CONTEXT.search(context), _MODEL_CONTEXT.search(context)
    return "chip" if chip and not model else "model" if model and not chip else None


_STOP = {
    "the",
    "a",
    "an",
    "of",
    "to",
    "for",
    "and",
    "or",
    "in",
    "on",
    "by",
    "at",
    "its",
    "their",
    "that",
    "than",
    "will",
    "would",
    "expect",
    "expects",
    "expected",
    "predict",
    "predicts",
    "more",
    "most",
    "half",
    "with",
}


def keywords(clause: str) -> list[str]:
    """Up to three content words of a clause, for the id of a prediction without subjects."""
    words = [w for w in re.findall(r"[a-z][a-z0-9]+", clause.lower()) if w not in _STOP and len(w) > 2]
    modal = MODAL.search(clause)
    after = (
        [w for w in re.findall(r"[a-z][a-z0-9]+", clause[modal.end() :].lower()) if w not in _STOP and len(w) > 2]
        if modal
        else []
    )
    return (after or words)[:3] or ["prediction"]

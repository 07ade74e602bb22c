"""`validate --strict` refuses junk that is merely well-formed (issue 26 item 7): an entity
named like a unit or chemical, a maker its sources never name beside the entity, a chip
vendor that never says it makes chips, a speaker the source never names."""

from __future__ import annotations

from conftest import run_cli


def strict(data) -> tuple[int, str]:
    result = run_cli("validate", "--strict", "--data-dir", str(data))
    return result.exit_code, result.stderr


def append(path, text: str) -> int:
    """Append entries to a data file; the line the first one starts at."""
    before = path.read_text()
    path.write_text(before + "\n" + text)
    return before.count("\n") + 2


def test_the_fixture_passes(mini_data):
    assert strict(mini_data)[0] == 0


def test_a_chip_named_co2_made_by_a_lab_is_refused(mini_data):
    chips = mini_data / "chips.yaml"
    at = append(
        chips,
        "- id: co2\n  name: CO2\n  vendor: openai\n  cite:\n"
        '    - {source: chips-brief, quote: "HBM3 memory bandwidth"}\n',
    )
    code, err = strict(mini_data)
    assert code == 1
    assert f"{chips}:{at + 1}:3: co2: name: 'CO2' is a chemical, not a chip" in err
    assert f"{chips}:{at + 2}:3: co2: vendor: 'openai' makes no other chip" in err
    assert f"{chips}:{at + 2}:3: co2: vendor: no source of co2 names 'OpenAI' beside it" in err


def test_a_lab_named_sxm_is_refused(mini_data):
    labs = mini_data / "labs.yaml"
    at = append(labs, '- id: sxm\n  name: SXM\n  cite:\n    - {source: chips-brief, quote: "NVIDIA\'s H100 GPU"}\n')
    code, err = strict(mini_data)
    assert code == 1 and f"{labs}:{at + 1}:3: sxm: name: 'SXM' is a form factor or system design, not a lab" in err


def test_a_maker_the_source_never_names_beside_the_chip_is_refused(mini_data):
    chips = mini_data / "chips.yaml"
    chips.write_text(chips.read_text().replace("  vendor: amd\n", "  vendor: nvidia\n"))
    code, err = strict(mini_data)
    assert code == 1 and "mi300x: vendor: no source of mi300x names 'NVIDIA' beside it" in err
    assert err.count("\n") == 1  # only that problem: the real makers pass


def test_a_speaker_the_source_never_names_is_refused(mini_data):
    predictions = mini_data / "predictions.yaml"
    predictions.write_text(predictions.read_text().replace("  by: analysts\n", "  by: Jane Roe\n"))
    code, err = strict(mini_data)
    assert code == 1
    assert "amd-mi300x-successor-2025: by: 'Jane Roe' is named nowhere in source 'chips-brief'" in err


def test_a_speaker_named_by_the_source_passes(mini_data):
    """The byline's surname, a lab's name, and the part before a qualifier all count."""
    predictions = mini_data / "predictions.yaml"
    text = predictions.read_text().replace("  by: analysts\n", "  by: AMD (as the brief reports)\n")
    predictions.write_text(text)
    assert strict(mini_data)[0] == 0


def test_a_primary_source_off_its_publishers_domain_is_refused(mini_data):
    """Issue 27: a page graded primary must be on a lab's own domain (the lab lists its
    domains, or an account's host/path); a copy on a look-alike domain is refused."""
    sources = mini_data / "sources.yaml"
    text = sources.read_text().replace(
        "  url: https://www.nvidia.com/en-us/data-center/h100/\n",
        "  url: https://www.nvidia.com/en-us/data-center/h100/\n  reliability: primary\n",
    )
    sources.write_text(text)
    code, err = strict(mini_data)
    assert code == 1 and "graded primary, but www.nvidia.com is no lab's own domain" in err
    labs = mini_data / "labs.yaml"
    labs.write_text(labs.read_text().replace("  name: NVIDIA\n", "  name: NVIDIA\n  domains: [nvidia.com]\n", 1))
    assert strict(mini_data)[0] == 0
    sources.write_text(text.replace("https://www.nvidia.com/en-us/", "https://nvidia-mirror.example/en-us/"))
    code, err = strict(mini_data)
    assert code == 1 and "nvidia-mirror.example is no lab's own domain" in err
    labs.write_text(labs.read_text().replace("domains: [nvidia.com]", "domains: [nvidia.com, huggingface.co/nvidia]"))
    sources.write_text(
        text.replace("https://www.nvidia.com/en-us/data-center/h100/", "https://huggingface.co/nvidia/x")
    )
    assert strict(mini_data)[0] == 0
    sources.write_text(text.replace("https://www.nvidia.com/en-us/data-center/h100/", "https://huggingface.co/evil/x"))
    assert strict(mini_data)[0] == 1

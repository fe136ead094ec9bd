"""docker-compose.yml and the Dockerfile must agree with the code they run."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

from poshuk.core.config import Settings

ROOT = Path(__file__).resolve().parents[1]


def compose() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def option(command: list[str], name: str) -> str:
    return command[command.index(name) + 1]


def test_services_and_ports_agree() -> None:
    services = compose()["services"]
    assert set(services) >= {"api", "ui"}
    api, ui = services["api"], services["ui"]
    assert api["command"][:2] == ["poshuk", "serve"]
    api_port = option(api["command"], "--port")
    assert f"{api_port}:{api_port}" in api["ports"]
    assert api_port in " ".join(api["healthcheck"]["test"])
    assert ui["command"][:2] == ["poshuk", "ui"]
    assert option(ui["command"], "--api") == f"http://api:{api_port}"
    ui_port = option(ui["command"], "--port")
    assert f"{ui_port}:{ui_port}" in ui["ports"]
    assert ui["image"] == api["image"]


def test_environment_names_are_settings_the_code_reads() -> None:
    fields = set(Settings.model_fields)
    for service in compose()["services"].values():
        for name in service.get("environment", {}):
            assert name.startswith("POSHUK_") and name[7:].lower() in fields, name


def test_image_version_is_the_package_version() -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert compose()["services"]["api"]["image"] == f"poshuk:{version}"


def test_dockerfile_copies_every_package_the_distribution_ships() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    include = pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    shipped = {pattern.rstrip("*") for pattern in include}
    copied = set(re.findall(r"^COPY (\w+) \1$", (ROOT / "Dockerfile").read_text(), re.M))
    assert copied == shipped
    data_volume = compose()["services"]["api"]["volumes"][0].split(":")[1]
    assert f"ENV POSHUK_HOME={data_volume}" in (ROOT / "Dockerfile").read_text()

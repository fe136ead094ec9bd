"""docker-compose.yml and the Dockerfile must agree with the code they run."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from poshuk import esnode
from poshuk.core.config import Settings
from poshuk.core.schema import load_template

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


def test_api_and_ui_are_kept_running() -> None:
    services = compose()["services"]
    for name in ("api", "ui"):
        assert services[name]["restart"] in ("always", "unless-stopped"), name


def test_environment_names_are_settings_the_code_reads() -> None:
    fields = set(Settings.model_fields)
    services = compose()["services"]
    for service in (services["api"], services["ui"]):
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


def test_elasticsearch_service_matches_the_local_node_and_the_client() -> None:
    services = compose()["services"]
    es = services["elasticsearch"]
    image, version = es["image"].rsplit(":", 1)
    assert image == "docker.elastic.co/elasticsearch/elasticsearch"
    assert version == esnode.ES_VERSION  # the same server the tests run against
    # the client pin must cover the server's minor (a newer client sends headers it refuses)
    pins = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    [client] = [pin for pin in pins if pin.startswith("elasticsearch")]
    assert Version(version) in SpecifierSet(client.removeprefix("elasticsearch"))
    major, minor = version.split(".")[:2]
    assert f"<{major}.{int(minor) + 1}" in client
    assert es["environment"]["discovery.type"] == "single-node"
    assert "-Xmx" in es["environment"]["ES_JAVA_OPTS"]
    assert "_cluster/health" in " ".join(es["healthcheck"]["test"])


def test_api_reaches_elasticsearch_by_service_name_and_port() -> None:
    services = compose()["services"]
    env = services["api"]["environment"]
    assert env["POSHUK_ENGINE"] == "elasticsearch"
    url = env["POSHUK_ES_URL"]
    assert url == "http://elasticsearch:9200"
    assert "127.0.0.1:9200:9200" in services["elasticsearch"]["ports"]
    assert services["api"]["depends_on"]["elasticsearch"]["condition"] == "service_healthy"


def test_the_template_needs_nothing_the_stock_node_lacks() -> None:
    """Analysis happens in Python, so no analyzer may need a plugin or a dictionary file:
    only the standard tokenizer and the lowercase and stop filters (in every distribution)."""
    analysis = load_template()["template"]["settings"]["analysis"]
    assert {spec["type"] for spec in analysis["filter"].values()} == {"stop"}
    for analyzer in analysis["analyzer"].values():
        assert analyzer["tokenizer"] == "standard"
        assert set(analyzer["filter"]) <= {"lowercase"} | set(analysis["filter"])

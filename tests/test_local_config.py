"""LocalConfig from the environment and flags, and the fault spec."""

from __future__ import annotations

from pathlib import Path

import pytest

from nemovideo.local.config import ConfigError, Faults, LocalConfig
from nemovideo.local.web.server import build_parser


def test_defaults_live_under_the_products_data_dir() -> None:
    config = LocalConfig.from_env({"HOME": "/home/ada"})
    assert config.data_dir == Path("/home/ada/.config/nemovideo/local")
    assert (config.price_generate, config.price_edit, config.starting_credits) == (10, 2, 100)
    assert config.max_upload_bytes == 200 * 1024 * 1024
    assert not config.faults.enabled


def test_the_embedded_backend_is_free_unless_prices_are_set_and_nemovideo_local_keeps_its_prices() -> None:
    embedded = LocalConfig.from_env({"HOME": "/home/ada"}, embedded=True)
    priced = LocalConfig.from_env({"NEMO_LOCAL_PRICE_GENERATE": "7", "NEMO_LOCAL_PRICE_EDIT": "1"}, embedded=True)
    served = LocalConfig.from_env({"NEMO_LOCAL_PRICE_EDIT": "4"})
    assert (embedded.price_generate, embedded.price_edit, embedded.starting_credits) == (0, 0, 100)
    assert (priced.price_generate, priced.price_edit) == (7, 1)
    assert (served.price_generate, served.price_edit) == (10, 4)


def test_environment_variables_set_prices_limits_and_faults() -> None:
    config = LocalConfig.from_env({
        "NEMO_LOCAL_DATA_DIR": "/data/nemo", "NEMO_LOCAL_PRICE_GENERATE": "7", "NEMO_LOCAL_PRICE_EDIT": "1",
        "NEMO_LOCAL_RATE_LIMIT": "0", "NEMO_LOCAL_MAX_UPLOAD_MB": "1.5", "NEMO_LOCAL_KEEPALIVE": "2",
        "NEMO_LOCAL_FAULTS": "silent=0.3,rate_limit=0.1,expire_token=0.05,drop_stream=0.1,long_keepalive=5",
        "NEMO_LOCAL_FAULT_SEED": "42",
    })
    assert config.data_dir == Path("/data/nemo")
    assert (config.price_generate, config.price_edit, config.new_users_per_address) == (7, 1, 0)
    assert config.max_upload_bytes == int(1.5 * 1024 * 1024) and config.keepalive_s == 2.0
    assert config.faults == Faults(silent=0.3, rate_limit=0.1, expire_token=0.05, drop_stream=0.1,
                                   long_keepalive=5.0, seed=42)
    assert config.faults.describe() == "silent=0.3,rate_limit=0.1,expire_token=0.05,drop_stream=0.1,long_keepalive=5"


def test_flags_win_over_the_environment() -> None:
    env = {"NEMO_LOCAL_PRICE_EDIT": "5", "NEMO_LOCAL_FAULTS": "silent=1", "NEMO_LOCAL_FAULT_SEED": "1"}
    args = build_parser().parse_args(["--price-edit", "4", "--fault-seed", "8", "--data-dir", "/x"])
    config = LocalConfig.from_env(env).with_args(args)
    assert config.price_edit == 4 and config.data_dir == Path("/x")
    assert config.faults == Faults(silent=1.0, seed=8)


@pytest.mark.parametrize(("spec", "message"), [
    ("silent", "is not NAME=VALUE"), ("loud=0.1", "is not NAME=VALUE"), ("silent=lots", "needs a number"),
    ("rate_limit=1.5", "share between 0 and 1"), ("long_keepalive=-1", "seconds between 0 and 900"),
])
def test_a_bad_fault_spec_names_the_problem(spec: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Faults.parse(spec)


def test_bad_numbers_in_the_environment_name_the_variable() -> None:
    with pytest.raises(ConfigError, match="NEMO_LOCAL_PRICE_EDIT must be a number"):
        LocalConfig.from_env({"NEMO_LOCAL_PRICE_EDIT": "two"})
    with pytest.raises(ConfigError, match="price_edit must not be negative"):
        LocalConfig(Path("/x"), price_edit=-1)

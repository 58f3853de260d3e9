"""The hash format: parsed, checked, written back the same."""

import pytest

from axone.playground.settings import Settings, SettingsError, parse_hash, to_hash


def test_defaults_from_an_empty_hash():
    assert parse_hash("") == Settings()
    assert parse_hash("#") == Settings()


def test_every_key_is_read():
    s = parse_hash(
        "#dataset=gauss&classes=3&noise=0.25&points=300&ratio=70&seed=7&features=x1,x2,sinx1"
        "&layers=5,3&acts=relu,elu&output=softmax&loss=log_cosh&optimizer=adam&lr=0.01"
        "&hp=betas0:0.8;eps:1e-07&batch=20&l1=0.001&l2=0.01&dropout=0.2"
    )
    assert (s.dataset, s.classes, s.noise, s.points, s.ratio, s.seed) == ("gauss", 3, 0.25, 300, 70, 7)
    assert (s.features, s.layers, s.acts) == (["x1", "x2", "sinx1"], [5, 3], ["relu", "elu"])
    assert (s.output, s.loss, s.optimizer, s.lr, s.batch) == ("softmax", "log_cosh", "adam", 0.01, 20)
    assert s.hp == {"betas0": 0.8, "eps": 1e-07}
    assert (s.l1, s.l2, s.dropout) == (0.001, 0.01, 0.2)


@pytest.mark.parametrize(
    "text",
    ["", "dataset=spiral&layers=8,8,8&acts=tanh,relu,sigmoid", "lr=1e-05&hp=momentum:0.123456789&optimizer=momentum"],
)
def test_the_canonical_hash_round_trips(text):
    s = parse_hash(text)
    assert parse_hash(to_hash(s)) == s
    assert to_hash(parse_hash(to_hash(s))) == to_hash(s)


def test_new_layers_take_tanh():
    assert parse_hash("layers=3,3,3").acts == ["tanh", "tanh", "tanh"]
    assert parse_hash("layers=").layers == []


@pytest.mark.parametrize(
    "text, words",
    [
        ("colour=red", ["'colour'", "known settings"]),
        ("noise=2", ["'noise'", "[0, 1]"]),
        ("lr=nan", ["'lr'"]),
        ("points=many", ["'points'", "int"]),
        ("dataset=moon", ["'dataset'", "spiral"]),
        ("acts=swish", ["'acts'", "tanh"]),
        ("layers=4,9", ["'layers'", "[1, 8]"]),
        ("layers=4,4&acts=relu", ["one activation per hidden layer", "2 layers and 1"]),
        ("features=", ["'features'"]),
        ("dataset=csv", ["table, x1col, x2col, target"]),
        ("seed=1&seed=2", ["twice"]),
        ("hp=momentum", ["'hp momentum'", "float"]),
    ],
)
def test_bad_settings_are_refused_by_name(text, words):
    with pytest.raises(SettingsError) as error:
        parse_hash(text)
    for word in words:
        assert word in str(error.value)

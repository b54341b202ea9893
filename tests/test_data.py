"""The data sets: the digits file ships in the package, unchanged and checked."""

import hashlib

import numpy as np
import pytest

import tinynn
from tinynn import data


def test_the_digits_file_is_the_one_scikit_learn_ships():
    content = data.DIGITS_FILE.read_bytes()
    assert len(content) == data.DIGITS_BYTES == 57_523
    assert hashlib.sha256(content).hexdigest() == data.DIGITS_SHA256
    assert (data.DIGITS_FILE.parent / "README.md").read_text().count("CC BY 4.0") >= 2


def test_the_digits_have_the_documented_shapes_and_label_counts():
    images, labels = tinynn.load_digits()
    assert images.shape == (1797, 64) and images.dtype == np.float64
    assert labels.shape == (1797,) and labels.dtype == np.int64
    assert images.min() == 0 and images.max() == 16
    assert np.all(images == np.round(images))
    counts = np.bincount(labels).tolist()
    assert counts == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]  # the UCI test set's
    again, _ = tinynn.load_digits()
    again[0, 0] = 99  # each call returns new arrays
    assert tinynn.load_digits()[0][0, 0] == images[0, 0]


def test_a_missing_or_damaged_digits_file_says_what_to_try(tmp_path, monkeypatch):
    monkeypatch.setattr(data, "DIGITS_FILE", tmp_path / "digits.csv.gz")
    with pytest.raises(data.DataFileError, match="missing.*git checkout"):
        tinynn.load_digits()
    broken = bytearray(
        (tinynn.data.Path(tinynn.__file__).parent / "datasets/digits.csv.gz").read_bytes()
    )
    broken[100] ^= 0xFF
    (tmp_path / "digits.csv.gz").write_bytes(bytes(broken))
    with pytest.raises(data.DataFileError, match="damaged.*SHA-256"):
        tinynn.load_digits()


def test_the_digits_split_puts_every_picture_in_one_set_the_same_way_each_time():
    images, labels = tinynn.load_digits()
    train_inputs, train_labels, test_inputs, test_labels = tinynn.split_digits()
    assert len(test_inputs) == len(test_labels) == 500
    assert len(train_inputs) == len(train_labels) == 1297
    assert 0 <= train_inputs.min() and train_inputs.max() == 1  # pixels divided by 16
    # Every picture once, in one set or the other: the same rows (with their labels), reordered.
    both = np.column_stack(
        [
            np.concatenate([train_inputs, test_inputs]) * 16,
            np.concatenate([train_labels, test_labels]),
        ]
    )
    assert sorted(map(tuple, both)) == sorted(map(tuple, np.column_stack([images, labels])))
    assert not np.array_equal(test_labels, labels[:500])  # shuffled, not the first 500
    again = tinynn.split_digits()
    assert all(
        np.array_equal(a, b)
        for a, b in zip(again, (train_inputs, train_labels, test_inputs, test_labels))
    )
    other = tinynn.split_digits(seed=1)
    assert not np.array_equal(other[3], test_labels)
    assert len(tinynn.split_digits(test_size=100)[2]) == 100
    with pytest.raises(ValueError, match="test_size must leave pictures to learn from"):
        tinynn.split_digits(test_size=1797)

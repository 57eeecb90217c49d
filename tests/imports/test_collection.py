"""The import's collector settings are undone when it ends, however it ends."""

import gc
import threading

import pytest

from imports.collection import THRESHOLDS, fewer_collections


def test_settings_hold_inside_and_are_restored_after():
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold() == THRESHOLDS
        assert gc.get_freeze_count() > 0
        with fewer_collections():
            assert gc.get_threshold() == THRESHOLDS
        assert gc.get_threshold() == THRESHOLDS
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_a_failing_import_restores_them_too():
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("the workbook broke")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_overlapping_imports_in_threads_restore_once_both_end():
    before = gc.get_threshold()
    entered, release = threading.Barrier(2), threading.Event()

    def import_in_thread():
        with fewer_collections():
            entered.wait()
            release.wait()

    other = threading.Thread(target=import_in_thread)
    other.start()
    with fewer_collections():
        entered.wait()
        release.set()
        other.join()
        assert gc.get_threshold() == THRESHOLDS
    assert gc.get_threshold() == before


def test_cyclic_garbage_made_inside_is_still_collected():
    class Node:
        pass

    with fewer_collections():
        node = Node()
        node.me = node
        ref = __import__("weakref").ref(node)
        del node
    gc.collect()
    assert ref() is None

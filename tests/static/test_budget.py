"""The live run's budget (workshop.harness.live.budget) with real threads: participants queue for
what the namespace has left, a Job that finished gives its share back by itself, and what can
never fit is refused at once instead of waited for."""

from __future__ import annotations

import threading
import time

import pytest

from workshop.harness.live.budget import Budget, DoesNotFit, WaitedTooLong

GiB = 2**30


def test_a_second_pod_that_would_overfill_the_memory_waits_until_the_first_is_deleted():
    budget = Budget({"memory": 6 * GiB, "cpu": 2.0}, {"memory": "ResourceQuota q (requests.memory)"})
    cancelled = threading.Event()
    budget.acquire("s1-anna", {"memory": 4 * GiB, "cpu": 0.1}, timeout=5, cancelled=cancelled)
    got = []
    waiter = threading.Thread(
        target=lambda: got.append(
            budget.acquire("s1-ben", {"memory": 4 * GiB, "cpu": 0.1}, timeout=30, cancelled=cancelled)
        )
    )
    waiter.start()
    time.sleep(1.5)
    assert not got and "s1-ben" not in budget.held, "ben got memory that anna still holds"
    budget.release("s1-anna")
    waiter.join(10)
    assert got and got[0] >= 1.0 and set(budget.held) == {"s1-ben"}
    assert budget.free["memory"] == 2 * GiB
    assert budget.waited and budget.waited[0][0] == "s1-ben"


def test_a_finished_job_is_given_back_while_its_own_participant_waits():
    # The participant holds its first pi job (finished by now) and asks for the second: only
    # the budget's own look at the Job can free it, for nobody else will.
    budget = Budget({"cpu": 1.0})
    finished = {"c3-anna": False}
    budget.reclaim = lambda name, kind: kind == "Job" and finished.get(name, False)
    cancelled = threading.Event()
    budget.acquire("c3-anna", {"cpu": 1.0}, timeout=5, cancelled=cancelled, kind="Job")
    threading.Timer(1.0, lambda: finished.update({"c3-anna": True})).start()
    waited = budget.acquire("c3m-anna", {"cpu": 1.0}, timeout=20, cancelled=cancelled, kind="Job")
    assert 1.0 <= waited < 10 and set(budget.held) == {"c3m-anna"}


def test_a_deleted_jobs_share_comes_back_only_once_its_pods_are_gone():
    # `kubectl delete job` returns while the Job's pods still terminate (a sleep 1000 pod has
    # 30 s of grace), and the scheduler counts them until they are gone: the next pod waits.
    budget = Budget({"cpu": 1.0})
    pods_gone = threading.Event()
    budget.reclaim = lambda name, kind: pods_gone.is_set()
    cancelled = threading.Event()
    budget.acquire("s3-anna", {"cpu": 1.0}, timeout=5, cancelled=cancelled, kind="Job")
    budget.release_when_gone("s3-anna")
    threading.Timer(2.5, pods_gone.set).start()
    waited = budget.acquire("c3-anna", {"cpu": 1.0}, timeout=20, cancelled=cancelled, kind="Job")
    assert waited >= 2.5 and set(budget.held) == {"c3-anna"}
    # It held the CPU until it was deleted, not until the cluster said so.
    assert budget.occupied["cpu"] < 1.0


def test_what_is_more_than_the_whole_budget_is_refused_at_once_naming_the_object():
    budget = Budget({"memory": 3 * GiB}, {"memory": "ResourceQuota small (requests.memory)"})
    started = time.monotonic()
    with pytest.raises(DoesNotFit) as refused:
        budget.acquire("s1-anna", {"memory": 4 * GiB}, timeout=60, cancelled=threading.Event())
    assert time.monotonic() - started < 1
    assert "Pod s1-anna needs 4.00 GiB memory" in str(refused.value)
    assert "3.00 GiB memory left (ResourceQuota small (requests.memory))" in str(refused.value)


def test_a_wait_that_never_ends_fails_naming_what_holds_the_budget():
    budget = Budget({"pods": 1.0})
    cancelled = threading.Event()
    budget.acquire("c1-anna", {"pods": 1.0}, timeout=5, cancelled=cancelled)
    with pytest.raises(WaitedTooLong, match="waited 1 s for Pod c2-anna's 1 pods; held now: c1-anna"):
        budget.acquire("c2-anna", {"pods": 1.0}, timeout=1, cancelled=cancelled)


def test_resources_nobody_counts_are_not_waited_for():
    budget = Budget({"cpu": 0.5, "persistentvolumeclaims": 0.0})  # claims are never queued
    assert (
        budget.acquire("x", {"memory": 100 * GiB, "persistentvolumeclaims": 1}, timeout=1, cancelled=threading.Event())
        == 0.0
    )
    assert budget.describe() == "500m cpu (given)"

"""Fail fast, the part that needs no cluster: which objects a snippet's `kubectl wait` waits on."""
from workshop.harness.failfast import waited_objects


def test_the_objects_a_wait_names_are_watched():
    script = ("kubectl create -f c1.yaml\n"
              "kubectl wait --for=condition=Ready pod/c1-alice --timeout=3m\n"
              "kubectl wait --for=condition=complete job/c3-alice --timeout=5m\n"
              "kubectl wait --for=jsonpath='{.status.ready}'=10 job.batch/s3-alice\n"
              "kubectl logs job/c4p-alice\n")
    assert waited_objects(script) == [("pod", "c1-alice"), ("job", "c3-alice"), ("job", "s3-alice")]


def test_a_snippet_without_a_wait_watches_nothing():
    assert waited_objects("kubectl logs job/c4p-alice\nkubectl get pods\n") == []


def test_kubelet_durations_are_read_as_go_writes_them():
    from workshop.harness.waits import _seconds

    assert _seconds("5s") == 5 and _seconds("1m0s") == 60 and _seconds("1m30s") == 90 and _seconds("500ms") == 0.5

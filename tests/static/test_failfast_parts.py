"""Fail fast, the part that needs no cluster: which objects a snippet's `kubectl wait` waits on."""

from workshop.harness.live.failfast import waited_objects


def test_the_objects_a_wait_names_are_watched():
    script = (
        "kubectl create -f c1.yaml\n"
        "kubectl wait --for=condition=Ready pod/c1-alice --timeout=3m\n"
        "kubectl wait --for=condition=complete job/c3-alice --timeout=5m\n"
        "kubectl wait --for=jsonpath='{.status.ready}'=10 job.batch/s3-alice\n"
        "kubectl logs job/c4p-alice\n"
    )
    assert waited_objects(script) == [("pod", "c1-alice"), ("job", "c3-alice"), ("job", "s3-alice")]


def test_a_snippet_without_a_wait_watches_nothing():
    assert waited_objects("kubectl logs job/c4p-alice\nkubectl get pods\n") == []


def test_kubelet_durations_are_read_as_go_writes_them():
    from workshop.harness.live.waits import _seconds

    assert _seconds("5s") == 5 and _seconds("1m0s") == 60 and _seconds("1m30s") == 90 and _seconds("500ms") == 0.5


def test_a_pod_short_only_of_room_is_told_from_one_that_no_wait_mends():
    """The scheduler's message decides whether a pending pod is queueing (the nodes are full
    now) or wrong (a selector, a taint, a claim): only the first may go on waiting."""
    from workshop.harness.live.failfast import shortages

    tail = " preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."
    assert shortages("0/1 nodes are available: 1 Insufficient cpu. no new claims to deallocate," + tail) == ["cpu"]
    assert shortages("0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory." + tail) == ["cpu", "memory"]
    assert shortages("0/2 nodes are available: 2 Too many pods." + tail) == ["pods"]
    assert (
        shortages(
            "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint "
            "{node-role.kubernetes.io/control-plane: }." + tail
        )
        is None
    )
    assert shortages("0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector." + tail) is None
    assert shortages("0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims." + tail) is None
    assert shortages("no nodes available to schedule pods") is None


def test_a_pods_requests_count_its_largest_init_container_where_that_is_more():
    from kubernetes import client

    from workshop.capacity import pod_requests

    def container(cpu, memory):
        return client.V1Container(
            name="c", resources=client.V1ResourceRequirements(requests={"cpu": cpu, "memory": memory})
        )

    pod = client.V1Pod(
        spec=client.V1PodSpec(
            containers=[container("1", "100Mi"), container("100m", "100Mi")], init_containers=[container("500m", "1Gi")]
        )
    )
    assert pod_requests(pod) == {"cpu": 1.1, "memory": 2**30}

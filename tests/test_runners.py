"""The Dask settings a run's local cluster gets (the cluster itself: test_distributed)."""

from __future__ import annotations

from flows.runners import (
    LOCAL_CLUSTER_DASK_CONFIG,
    dask_environment_name,
    local_cluster_dask_config,
)


def test_dask_environment_names_follow_dasks_convention() -> None:
    assert (
        dask_environment_name("distributed.worker.profile.enabled")
        == "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED"
    )
    assert (
        dask_environment_name("distributed.admin.low-level-log-length")
        == "DASK_DISTRIBUTED__ADMIN__LOW_LEVEL_LOG_LENGTH"
    )


def test_a_run_turns_off_dasks_debugging_history_unless_the_environment_says() -> None:
    assert local_cluster_dask_config({}) == {
        "distributed.worker.profile.enabled": False,
        "distributed.admin.low-level-log-length": 20,
    }
    kept = local_cluster_dask_config({"DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "True"})
    assert kept == {"distributed.admin.low-level-log-length": 20}
    assert set(LOCAL_CLUSTER_DASK_CONFIG) == set(local_cluster_dask_config({"HOME": "/x"}))

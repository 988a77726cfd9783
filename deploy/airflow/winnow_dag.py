"""Winnow on Airflow: one SparkSubmitOperator task per stage, in pipeline order, over a
date-partitioned work directory (work.dir = <root>/dt={{ ds }}).

Idempotent on rerun and retry: every stage records a fingerprint of its config and inputs and
skips itself when its published output already matches (docs/GUIDE.md, "Resume"), and a stage
publishes by rename only when it has finished, so a retried task either finds finished output
or redoes the stage. A task killed by Airflow (timeout, lost worker) may leave the work
directory's lock behind: it is a lease that its holder renews every 30 s and that lapses after
120 s without renewal, when the next run takes it over (docs/GUIDE.md, "Locks"). The retry delay
(10 minutes) is longer than the lease, so a retry takes over a dead driver's lock by itself; a
driver that is still running keeps it, and the retry fails with exit code 4 instead of breaking
it. No task passes --break-lock.

The pool is partitioned by date too: each run reads <pool root>/dt={{ ds }}/ (every file below
it, formats by extension). The last task, report, prints the selection's summary (kept, drops by
reason, precision, quotas) into the task log from the published manifest.

Airflow Variables, rendered when a task runs (with defaults): winnow_jar (the shaded jar,
readable by the Spark cluster), winnow_config (the properties file, e.g.
conf/cluster.properties), winnow_pool_root (e.g. s3a://bucket/pool), winnow_work_root (e.g.
s3a://bucket/winnow). The Spark connection id is the environment variable WINNOW_SPARK_CONN of
the scheduler and workers (default spark_default), read when the DAG file is parsed:
SparkSubmitOperator does not render its conn_id as a template, so a Jinja string there would be
taken as a connection's name (and a missing connection falls back to YARN).
"""
import os
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

# the pipeline's stages, in order, then the summary; each is a subcommand of the winnow CLI
STAGES = ["featurize", "importance", "cluster", "dedup", "select", "report"]

JAR = "{{ var.value.get('winnow_jar', '/opt/winnow/winnow-jobs-shaded.jar') }}"
CONFIG = "{{ var.value.get('winnow_config', '/opt/winnow/conf/cluster.properties') }}"
POOL = "{{ var.value.get('winnow_pool_root', 's3a://winnow/pool') }}/dt={{ ds }}"
WORK_DIR = "{{ var.value.get('winnow_work_root', 's3a://winnow/runs') }}/dt={{ ds }}"
SPARK_CONN = os.environ.get("WINNOW_SPARK_CONN", "spark_default")
SPARK_CONF = {
    "spark.serializer": "org.apache.spark.serializer.KryoSerializer",
    "spark.kryo.registrator": "dev.winnow.jobs.KryoRegistration",
    "spark.sql.adaptive.enabled": "true",
}

with DAG(
    dag_id="winnow",
    description="Select language-model training data: featurize, importance, cluster, dedup, select, report",
    schedule="@daily",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=10)},
    tags=["winnow"],
) as dag:
    previous = None
    for stage in STAGES:
        task = SparkSubmitOperator(
            task_id=stage,
            application=JAR,
            java_class="dev.winnow.jobs.cli.WinnowCli",
            name="winnow-" + stage,
            conn_id=SPARK_CONN,
            conf=SPARK_CONF,
            application_args=[stage, "--config", CONFIG, "--set", "input.pool=" + POOL,
                              "--set", "work.dir=" + WORK_DIR],
        )
        if previous is not None:
            previous >> task
        previous = task

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

Airflow Variables (with defaults): winnow_jar (the shaded jar, readable by the Spark cluster),
winnow_config (the properties file, e.g. conf/cluster.properties), winnow_work_root (e.g.
s3a://bucket/winnow), winnow_spark_conn (the Spark connection id, default spark_default).
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

# the pipeline's stages, in order; each is a subcommand of the winnow CLI
STAGES = ["featurize", "importance", "cluster", "dedup", "select"]

JAR = "{{ var.value.get('winnow_jar', '/opt/winnow/winnow-jobs-shaded.jar') }}"
CONFIG = "{{ var.value.get('winnow_config', '/opt/winnow/conf/cluster.properties') }}"
WORK_DIR = "{{ var.value.get('winnow_work_root', 's3a://winnow/runs') }}/dt={{ ds }}"
SPARK_CONF = {
    "spark.serializer": "org.apache.spark.serializer.KryoSerializer",
    "spark.kryo.registrator": "dev.winnow.jobs.KryoRegistration",
    "spark.sql.adaptive.enabled": "true",
}

with DAG(
    dag_id="winnow",
    description="Select language-model training data: featurize, importance, cluster, dedup, select",
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
            conn_id="{{ var.value.get('winnow_spark_conn', 'spark_default') }}",
            conf=SPARK_CONF,
            application_args=[stage, "--config", CONFIG, "--set", "work.dir=" + WORK_DIR],
        )
        if previous is not None:
            previous >> task
        previous = task

"""The pandas peer of `hyper frame bench`: db-benchmark's own pandas formulations of the ten group-by questions and
the five joins (groupby-pandas.py, join-pandas.py), on the CSV files the bench wrote.

    python3 frames_pandas.py groupby --question Q --input G1.csv --answer OUT.csv
    python3 frames_pandas.py join --question Q --input X.csv --right R.csv --on KEY --how inner|left --answer OUT.csv

Prints one JSON line: load_s (CSV -> memory), query_s (the question alone, best of --repeats), rows. The answer is
written as CSV, columns named as the Frames engine names them, so that the bench checks it against its own.
"""
import argparse
import json
import time

import pandas as pd

GROUP = dict(as_index=False, sort=False, observed=True, dropna=False)


def groupby(x, q):
    if q == 1:
        return x.groupby('id1', **GROUP).agg({'v1': 'sum'}).rename(columns={'v1': 'sum_v1'})
    if q == 2:
        return x.groupby(['id1', 'id2'], **GROUP).agg({'v1': 'sum'}).rename(columns={'v1': 'sum_v1'})
    if q == 3:
        return x.groupby('id3', **GROUP).agg({'v1': 'sum', 'v3': 'mean'}).rename(columns={'v1': 'sum_v1', 'v3': 'mean_v3'})
    if q == 4:
        return x.groupby('id4', **GROUP).agg({'v1': 'mean', 'v2': 'mean', 'v3': 'mean'}) \
            .rename(columns={'v1': 'mean_v1', 'v2': 'mean_v2', 'v3': 'mean_v3'})
    if q == 5:
        return x.groupby('id6', **GROUP).agg({'v1': 'sum', 'v2': 'sum', 'v3': 'sum'}) \
            .rename(columns={'v1': 'sum_v1', 'v2': 'sum_v2', 'v3': 'sum_v3'})
    if q == 6:
        a = x.groupby(['id4', 'id5'], **GROUP).agg({'v3': ['median', 'std']})
        a.columns = ['id4', 'id5', 'median_v3', 'sd_v3']
        return a
    if q == 7:
        a = x.groupby('id3', **GROUP).agg({'v1': 'max', 'v2': 'min'})
        return a.assign(range_v1_v2=lambda t: t['v1'] - t['v2'])[['id3', 'range_v1_v2']]
    if q == 8:
        a = x[~x['v3'].isna()][['id6', 'v3']].sort_values('v3', ascending=False).groupby('id6', **GROUP).head(2)
        return a.rename(columns={'v3': 'largest2_v3'})
    if q == 9:
        a = x[['id2', 'id4', 'v1', 'v2']].groupby(['id2', 'id4'], **GROUP) \
            .apply(lambda t: pd.Series({'r2': t.corr()['v1']['v2'] ** 2}))
        return a[['id2', 'id4', 'r2']]
    a = x.groupby(['id1', 'id2', 'id3', 'id4', 'id5', 'id6'], **GROUP).agg({'v3': 'sum', 'v1': 'size'})
    return a.rename(columns={'v3': 'sum_v3', 'v1': 'count'})


def join(x, right, on, how):
    a = x.merge(right, how=how, on=on, suffixes=('', '_right'))
    # The engine's layout: the key, the left's other columns, then the right's.
    left = [c for c in x.columns if c != on]
    return a[[on] + left + [c for c in a.columns if c != on and c not in left]]


def main():
    p = argparse.ArgumentParser()
    p.add_argument('task', choices=['groupby', 'join'])
    p.add_argument('--question', type=int, required=True)
    p.add_argument('--input', required=True)
    p.add_argument('--right')
    p.add_argument('--on')
    p.add_argument('--how', default='inner')
    p.add_argument('--answer', required=True)
    p.add_argument('--repeats', type=int, default=3)
    a = p.parse_args()
    start = time.perf_counter()
    if a.task == 'groupby':
        x = pd.read_csv(a.input, dtype={'id1': 'category', 'id2': 'category', 'id3': 'category'})
        right = None
    else:
        x = pd.read_csv(a.input, dtype={'id4': 'category', 'id5': 'category', 'id6': 'category'})
        right = pd.read_csv(a.right, dtype={'id4': 'category', 'id5': 'category', 'id6': 'category'})
    load = time.perf_counter() - start
    best = float('inf')
    for _ in range(a.repeats):
        start = time.perf_counter()
        ans = groupby(x, a.question) if a.task == 'groupby' else join(x, right, a.on, a.how)
        best = min(best, time.perf_counter() - start)
    ans.to_csv(a.answer, index=False)
    print(json.dumps({'load_s': load, 'query_s': best, 'rows': len(ans)}))


if __name__ == '__main__':
    main()

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addBenchmarkText, contaminatedBy, createBenchmarkIndex, jaccard, lshBuckets, minhash, shingles, statementHash, BANDS,
} from '../../src/pipeline/dedup.ts';

const base =
  'Given an array of integers nums and an integer target, return the indices of the two numbers such that they add up to target. ' +
  'You may assume that each input has exactly one solution, and you may not use the same element twice. Return the answer in any order.';

function sharedBands(a: string, b: string): number {
  const ba = lshBuckets(minhash(shingles(a)));
  const bb = lshBuckets(minhash(shingles(b)));
  return ba.filter((x, i) => x === bb[i]).length;
}

describe('dedup', () => {
  it('the exact hash ignores case, punctuation and spacing, and nothing else', () => {
    assert.equal(statementHash('Return  the SUM, of a and b.'), statementHash('return the sum of a and b'));
    assert.notEqual(statementHash('return the sum of a and b'), statementHash('return the product of a and b'));
  });

  it('a light rewording shares LSH buckets and has Jaccard above 0.7', () => {
    const reworded = base.replace('Given an array', 'You are given an array').replace('in any order', 'in whatever order');
    assert.ok(jaccard(shingles(base), shingles(reworded)) > 0.7);
    assert.ok(sharedBands(base, reworded) >= 1);
  });

  it('an unrelated statement shares no bucket and has Jaccard near 0', () => {
    const other = 'Given the head of a singly linked list stored as an array, reverse the list and return the new order of values.';
    assert.ok(jaccard(shingles(base), shingles(other)) < 0.1);
    assert.equal(sharedBands(base, other), 0);
  });

  it('identical statements share every band', () => {
    assert.equal(sharedBands(base, base), BANDS);
  });

  it('an estimate from signatures tracks the true Jaccard', () => {
    const half = base.split(' ').slice(0, 30).join(' ') + ' and then print every prime below one thousand in reverse order please';
    const sa = minhash(shingles(base));
    const sb = minhash(shingles(half));
    const estimate = sa.filter((v, i) => v === sb[i]).length / sa.length;
    const truth = jaccard(shingles(base), shingles(half));
    assert.ok(Math.abs(estimate - truth) < 0.15, `estimate ${estimate} vs ${truth}`);
  });
});

describe('decontamination', () => {
  const index = createBenchmarkIndex(10);
  addBenchmarkText(index, 'HumanEval/0', 'Check if in given list of numbers, are any two numbers closer to each other than given threshold.');

  it('a statement sharing a 10-word run with a benchmark prompt is caught with its id', () => {
    const text = 'Write a function. Check if in given list of numbers are any two numbers closer to each other than a limit.';
    assert.equal(contaminatedBy(index, text), 'HumanEval/0');
  });

  it('a statement sharing only 9 words in a row passes', () => {
    const text = 'given list of numbers are any two numbers closer, nothing else here at all';
    assert.equal(contaminatedBy(index, text), null);
  });
});

/**
 * The default model registry: the baselines plus every model package's `models`. The runner,
 * the CLI and the workers find models only through a registry module like this one (a module
 * whose `models` export is a `ModelSpec[]`).
 */
import { dummyModels, type ModelSpec } from '@mlcompare/core';
import { models as cartModels } from '@mlcompare/cart';
import { models as ensembleModels } from '@mlcompare/ensemble';
import { models as knnModels } from '@mlcompare/knn';
import { models as linearModels } from '@mlcompare/linear';
import { models as mlpModels } from '@mlcompare/mlp';
import { models as svmModels } from '@mlcompare/svm';

/** Every registered model, baselines first. */
export const models: ModelSpec[] = [...dummyModels, ...linearModels, ...knnModels, ...svmModels, ...cartModels, ...ensembleModels, ...mlpModels];

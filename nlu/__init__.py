"""Linli's embedded Chinese NLU: text in, Rasa's /model/parse JSON out.

Pure: imports nothing else of Linli's, no database, no messenger. Training needs scikit-learn;
a trained model parses with numpy and jieba only.

    train_model(data_dir, model_dir) -> TrainReport    fit on data/nlu/*.yml, write the model
    load_model(model_dir) -> NluModel                  load a trained model
    ensure_model(data_dir, model_dir) -> NluModel      retrain when missing or stale, then load
    NluModel.parse(text, ref_date=, tz=, context=)     intent, ranking, entities, faq answer
    evaluate(data_dir, out_dir, folds=, seed=)         stratified k-fold cross-validation
    normalize / is_traditional / to_traditional        text normalization shared by backends
    to_simplified(name)                                a name in simplified characters only
    normalize_entities(entities, text=, ref_date=)     canonical values for Rasa's raw entities
    expand_dates(entities)                             every day a parse's dates mean

Errors:
    ValueError
     └── DataError     the training data cannot be read
    RuntimeError
     └── ModelError    no usable model in the model directory
"""

from nlu.data import DataError
from nlu.entities import expand_dates
from nlu.evaluate import EvalReport, evaluate
from nlu.foreign_entities import normalize_entities
from nlu.model import ModelError, NluModel, load_model
from nlu.normalize import is_traditional, normalize, simplified_only, to_simplified, to_traditional
from nlu.train import TrainReport, ensure_model, train_model

__all__ = [
    "DataError", "EvalReport", "ModelError", "NluModel", "TrainReport", "ensure_model",
    "evaluate", "expand_dates", "is_traditional", "load_model", "normalize",
    "normalize_entities", "simplified_only", "to_simplified", "to_traditional", "train_model",
]

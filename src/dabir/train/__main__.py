"""``dabir-train``: rebuild dabir's trained artifacts and built word lists from ``../shared/data``.

``dabir-train ner [options]`` trains the entity tagger (see ``dabir.train.ner``);
``dabir-train ner-nn [options]`` trains the network averaged with it (needs the ``train-nn`` extra: torch);
``dabir-train ner-encoder [options]`` fine-tunes multilingual-e5-small for entities (``train-encoder`` extra);
``dabir-train gazetteers [--data DIR]`` rebuilds the first-name and place lists under ``lang/fa/ner/``;
``dabir-train clusters [--data DIR]`` rebuilds the NER word classes (needs the ``build`` extra: gensim, scikit-learn);
``dabir-train compounds [--data DIR]`` rebuilds the compound list ``lang/fa/compounds.tsv``;
``dabir-train verify [--slow]`` rebuilds every shipped artifact into a temporary folder and compares.
"""

from __future__ import annotations

import sys

COMMANDS = {
    "ner": "dabir.train.ner",
    "ner-nn": "dabir.train.ner_nn",
    "ner-encoder": "dabir.train.ner_encoder",
    "gazetteers": "dabir.lang.fa.build_gazetteers",
    "clusters": "dabir.lang.fa.build_clusters",
    "compounds": "dabir.lang.fa.build_compounds",
    "verify": "dabir.train.verify",
}


def main(argv: list[str] | None = None) -> None:
    """Dispatch ``dabir-train COMMAND ...`` to the module that builds that artifact."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help"} or args[0] not in COMMANDS:
        print("usage: dabir-train {" + ",".join(COMMANDS) + "} [options]", file=sys.stderr)
        print(__doc__.strip(), file=sys.stderr)
        raise SystemExit(0 if args and args[0] in {"-h", "--help"} else 2)
    import importlib

    importlib.import_module(COMMANDS[args[0]]).main(args[1:])


if __name__ == "__main__":
    main()

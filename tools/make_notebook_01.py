"""Writes notebooks/01_corpus.ipynb (run once; the notebook is committed without outputs)."""

import nbformat as nbf

cells = [
    nbf.v4.new_markdown_cell(
        "# 1. Loading a corpus\n\n"
        "presslens reads a folder of articles (or JSONL, records, a DataFrame), decodes and "
        "validates every document, flags boilerplate lines and segments the text once into "
        "tokens, sentences and paragraphs. Every input document is accounted for: it is either "
        "in `corpus.documents` or in `corpus.warnings`.\n\n"
        "This notebook uses the sample corpus shipped with presslens: a fictional dispute over "
        "a dam on the Irsha river between Valdoria and the Kestrel Federation, reported by six "
        "outlets."
    ),
    nbf.v4.new_code_cell(
        "import presslens\n\n"
        "corpus = presslens.sample_corpus()\n"
        "print(corpus)\n"
        "corpus.documents[['id', 'outlet', 'date', 'title', 'n_tokens', 'n_sentences', "
        "'n_boilerplate']]"
    ),
    nbf.v4.new_markdown_cell(
        "## Boilerplate\n\nLines that are site furniture (navigation bars, repeated headlines, "
        "photo credits, cross-links, share prompts, tag lines, a lone *Comments*) are flagged "
        "with a reason and left out of every analysis. The table is there to audit them; "
        "`boilerplate=False` keeps everything."
    ),
    nbf.v4.new_code_cell("corpus.boilerplate"),
    nbf.v4.new_markdown_cell(
        "## Sentences and tokens\n\nOffsets are code points, so `text[start:end]` is exact, "
        "whatever the script or emoji in the text."
    ),
    nbf.v4.new_code_cell(
        "sents = corpus.sentences()\n"
        "doc = corpus[sents.doc_id[0]]\n"
        "row = sents.iloc[3]\n"
        "assert corpus[row.doc_id].text[row.start:row.end] == row.text\n"
        "sents.head(8)"
    ),
    nbf.v4.new_code_cell(
        "[(t.text, t.kind) for t in presslens.tokenize('Sorokin’s “no progress” — Müller 🙂, "
        "U.S. Gen. J. Smith, 3.5%')]"
    ),
    nbf.v4.new_markdown_cell(
        "## Bad input is reported, not dropped\n\nInvalid UTF-8 is repaired with a warning "
        "naming the byte offset, binary files are skipped with a warning, malformed JSON lines "
        "are reported with their line number."
    ),
    nbf.v4.new_code_cell(
        "import tempfile, pathlib\n\n"
        "tmp = pathlib.Path(tempfile.mkdtemp())\n"
        "(tmp / 'good.txt').write_text('Talks resumed in Geneva.', encoding='utf-8')\n"
        "(tmp / 'mojibake.txt').write_bytes(b'Caf\\xe9 talks')\n"
        "(tmp / 'image.txt').write_bytes(b'\\x89PNG\\x00\\x00')\n"
        "bad = presslens.Corpus.from_folder(tmp)\n"
        "print(len(bad), 'documents from', bad.n_inputs, 'inputs')\n"
        "bad.warnings[['doc_id', 'offset', 'code', 'message']]"
    ),
    nbf.v4.new_markdown_cell("## Sentences per outlet"),
    nbf.v4.new_code_cell(
        "import matplotlib\n"
        "matplotlib.use('Agg')\n"
        "ax = corpus.documents.groupby('outlet')['n_sentences'].sum().sort_values()"
        ".plot.barh(title='Sentences per outlet (boilerplate excluded from analyses)')\n"
        "ax.set_xlabel('sentences');"
    ),
]
nb = nbf.v4.new_notebook(cells=cells)
nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
nbf.write(nb, "notebooks/01_corpus.ipynb")

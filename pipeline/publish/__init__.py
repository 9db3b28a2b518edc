"""Publishing: what may be published (`publishability`), the pages, feeds and sitemap
(`site`, with `templates/`), the run that writes them (`build`), the manifest of what vielfalt
wrote (`manifest`) and the record of approvals (`approvals`)."""

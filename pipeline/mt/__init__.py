"""Machine translation: the engine interface (`engine`: batching, pivot, cache), the local
CTranslate2 backend (`local`), the LibreTranslate backend (`libretranslate`), Argos Translate
packages, installs and the index (`packages`), the sentence cache (`cache`),
glossary-protected translation (`protected`), the generated DEMO and test models
(`demo_models`) and evaluation on reference sets (`evaluate`)."""

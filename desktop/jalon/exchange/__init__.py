"""Signed packages and keys: what a jurisdiction sends and how the secretariat checks it.

``keys`` (signer keys, key files, key cards), ``package`` (build and verify ``.jalon`` files),
``pdfsign`` (PAdES signatures in the report). The trust store itself lives in ``jalon.store``;
verification receives the trust decision as a callable.
"""

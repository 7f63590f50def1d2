package io.certlife.renewal.pki;

/**
 * PKCS#12 encryption profiles a target can import. LEGACY: pbeWithSHAAnd3-KeyTripleDES-CBC for key and
 * certificates, SHA-1 MAC, 2048 iterations (Windows Server 2003-2016, ISA 2006; opens in OpenSSL 3 without
 * -legacy). MODERN: PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC, SHA-256 MAC (Windows 10 1709+/Server 2019+).
 */
public enum PfxProfile { LEGACY, MODERN }

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EdgeSensors.Fleet.Broker.Embedded;

/// <summary>Loads the embedded broker's TLS certificate (PKCS#12, or PEM certificate + key) and says what to fix when it cannot.</summary>
public static class BrokerCertificate
{
    public static X509Certificate2 Load(FleetBrokerOptions options)
    {
        string section = FleetBrokerOptions.Section;
        string path = options.TlsCertificatePath is { Length: > 0 } p ? p
            : throw new InvalidOperationException($"{section}:TlsPort is set but {section}:TlsCertificatePath is not. fix: set it to the broker's certificate (.pfx/.p12, or a PEM file with {section}:TlsPrivateKeyPath), or unset TlsPort");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{section}:TlsCertificatePath '{Path.GetFullPath(path)}' does not exist. fix: point it at the broker's certificate file");
        }

        X509Certificate2 certificate;
        try
        {
            string extension = Path.GetExtension(path).ToLowerInvariant();
            if (extension is ".pfx" or ".p12")
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(path, options.TlsCertificatePassword);
            }
            else
            {
                string keyPath = options.TlsPrivateKeyPath is { Length: > 0 } k ? k : path;
                using X509Certificate2 pem = options.TlsCertificatePassword is { Length: > 0 } password
                    ? X509Certificate2.CreateFromEncryptedPemFile(path, password, keyPath)
                    : X509Certificate2.CreateFromPemFile(path, keyPath);

                // A PEM key is ephemeral; a PKCS#12 round trip gives SslStream a key it can use on every platform.
                certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            }
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException($"the broker certificate '{path}' cannot be loaded: {ex.Message}. fix: give a PKCS#12 file with its password ({section}:TlsCertificatePassword) or a PEM certificate and its PEM key ({section}:TlsPrivateKeyPath)", ex);
        }

        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"the broker certificate '{path}' has no private key. fix: set {section}:TlsPrivateKeyPath to its PEM key, or use a .pfx that contains the key");
        }

        return certificate;
    }
}

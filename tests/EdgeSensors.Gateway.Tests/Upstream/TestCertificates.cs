using System.Diagnostics;

namespace EdgeSensors.Gateway.Tests.Upstream;

/// <summary>A throwaway CA, a broker certificate for 127.0.0.1 and a client certificate, made with the openssl CLI.</summary>
public sealed record TestCertificates(string CaFile, string ServerCert, string ServerKey, string ClientCert, string ClientKey)
{
    public static async Task<TestCertificates> CreateAsync(string directory)
    {
        string P(string name) => Path.Combine(directory, name);
        await OpenSsl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=EdgeSensors test CA", "-keyout", P("ca.key"), "-out", P("ca.pem"));
        await File.WriteAllTextAsync(P("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        await OpenSsl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", P("server.key"), "-out", P("server.csr"));
        await OpenSsl("x509", "-req", "-in", P("server.csr"), "-CA", P("ca.pem"), "-CAkey", P("ca.key"), "-CAcreateserial", "-days", "2", "-extfile", P("server.ext"), "-out", P("server.pem"));
        await OpenSsl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=gw-test", "-keyout", P("client.key"), "-out", P("client.csr"));
        await OpenSsl("x509", "-req", "-in", P("client.csr"), "-CA", P("ca.pem"), "-CAkey", P("ca.key"), "-CAcreateserial", "-days", "2", "-out", P("client.pem"));
        return new TestCertificates(P("ca.pem"), P("server.pem"), P("server.key"), P("client.pem"), P("client.key"));
    }

    private static async Task OpenSsl(params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("openssl", arguments) { RedirectStandardError = true, RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("openssl did not start");
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"openssl {string.Join(' ', arguments)} failed: {error}");
        }
    }
}

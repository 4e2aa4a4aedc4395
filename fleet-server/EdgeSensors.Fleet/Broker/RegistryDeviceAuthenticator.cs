using EdgeSensors.Fleet.Broker.Access;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Enrolment;
using EdgeSensors.Fleet.Identity;
using Microsoft.EntityFrameworkCore;

namespace EdgeSensors.Fleet.Broker;

/// <summary>The embedded broker's login check: the device's credential row, across tenants (the broker serves them all).</summary>
internal sealed class RegistryDeviceAuthenticator(FleetDbContext db, CurrentTenant tenant) : IDeviceAuthenticator
{
    public async ValueTask<DeviceLogin> AuthenticateAsync(string username, string password, CancellationToken ct)
    {
        tenant.EnterSystemScope();
        var credential = await db.Set<DeviceCredential>().AsNoTracking()
            .Where(c => c.Username == username)
            .Select(c => new { c.PasswordHash, c.RevokedAt })
            .FirstOrDefaultAsync(ct);
        if (credential is null || !DeviceSecret.Matches(password, credential.PasswordHash))
        {
            return DeviceLogin.BadCredentials;
        }

        return credential.RevokedAt is null ? DeviceLogin.Accepted(username) : DeviceLogin.Revoked;
    }
}

using EdgeSensors.Fleet.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EdgeSensors.Fleet.Identity.SignInLimits;

internal sealed class SignInAttemptConfiguration : IEntityTypeConfiguration<SignInAttempt>
{
    public void Configure(EntityTypeBuilder<SignInAttempt> b)
    {
        b.ToTable("sign_in_attempts");
        b.HasKey(a => a.Id);
        b.Property(a => a.Key).HasMaxLength(Limits.Name + 8);
        b.HasIndex(a => new { a.Key, a.At });
        b.HasIndex(a => a.At);
    }
}

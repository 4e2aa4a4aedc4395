using System.Data.Common;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Identity;
using EdgeSensors.Fleet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EdgeSensors.Fleet.Tests.Data;

/// <summary>
/// "The same migrations run on both": the one migration set must be provider-neutral, and on each provider it must
/// build exactly the schema that provider derives from the model (columns, types, nullability, indexes, foreign keys).
/// </summary>
public sealed class MigrationSchemaTests
{
    [Fact]
    public void Migrations_name_no_store_type_and_carry_no_provider_annotation()
    {
        using var db = NewContext(DatabaseProvider.Sqlite, "Data Source=:memory:");
        var migrations = db.GetService<IMigrationsAssembly>();
        Assert.NotEmpty(migrations.Migrations);
        foreach (var (id, type) in migrations.Migrations)
        {
            var migration = migrations.CreateMigration(type, "Sqlite");
            foreach (var operation in migration.UpOperations.Concat(migration.DownOperations))
            {
                var columns = operation switch
                {
                    CreateTableOperation table => table.Columns.Cast<ColumnOperation>(),
                    ColumnOperation column => [column],
                    _ => [],
                };
                foreach (var column in columns)
                {
                    Assert.True(column.ColumnType is null, $"{id}: column {column.Table}.{column.Name} names store type '{column.ColumnType}'; leave it to the provider.");
                    AssertNeutral(id, $"{column.Table}.{column.Name}", column.GetAnnotations());
                }

                AssertNeutral(id, operation.GetType().Name, operation.GetAnnotations());
                Assert.False(operation is SqlOperation, $"{id}: raw SQL is provider-specific; use migration operations.");
            }
        }
    }

    private static void AssertNeutral(string id, string what, IEnumerable<Microsoft.EntityFrameworkCore.Infrastructure.IAnnotation> annotations)
    {
        foreach (var annotation in annotations)
        {
            Assert.False(annotation.Name.StartsWith("Sqlite:", StringComparison.Ordinal) || annotation.Name.StartsWith("Npgsql:", StringComparison.Ordinal),
                $"{id}: {what} carries provider annotation {annotation.Name}.");
        }
    }

    [SkippableTheory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSQL)]
    public async Task Migrated_schema_equals_the_schema_the_provider_builds_from_the_model(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.PostgreSQL)
        {
            PostgresServer.Require();
        }

        await using var migratedDatabase = await TestDatabase.CreateAsync(provider);
        await using var modelDatabase = await TestDatabase.CreateAsync(provider);
        await using (var migrated = NewContext(provider, migratedDatabase.ConnectionString))
        {
            await FleetDatabase.MigrateAsync(migrated);
        }

        await using (var fromModel = NewContext(provider, modelDatabase.ConnectionString))
        {
            Assert.True(await fromModel.Database.EnsureCreatedAsync());
        }

        var expected = await DescribeSchemaAsync(provider, modelDatabase.ConnectionString);
        var actual = await DescribeSchemaAsync(provider, migratedDatabase.ConnectionString);
        Assert.True(expected.Count > 50, $"the model schema has only {expected.Count} facts; the description query is broken");
        Assert.Equal(expected.Except(actual).Order(), Array.Empty<string>());
        Assert.Equal(actual.Except(expected).Order(), Array.Empty<string>());
    }

    [SkippableTheory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSQL)]
    public async Task Migrating_twice_is_a_no_op(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.PostgreSQL)
        {
            PostgresServer.Require();
        }

        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = NewContext(provider, database.ConnectionString);
        await FleetDatabase.MigrateAsync(db);
        await FleetDatabase.MigrateAsync(db);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.GetService<IMigrationsAssembly>().Migrations.Keys.Order(), (await db.Database.GetAppliedMigrationsAsync()).Order());
    }

    internal static FleetDbContext NewContext(DatabaseProvider provider, string connectionString)
    {
        var options = new DbContextOptionsBuilder<FleetDbContext>();
        FleetDatabase.Configure(options, new DatabaseOptions { Provider = provider }, connectionString);
        var tenant = new CurrentTenant();
        tenant.EnterSystemScope();
        return new FleetDbContext(options.Options, tenant);
    }

    /// <summary>One line per column, index and foreign key, read back from the database's own catalogue.</summary>
    private static async Task<HashSet<string>> DescribeSchemaAsync(DatabaseProvider provider, string connectionString)
    {
        await using var db = NewContext(provider, connectionString);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var queries = provider == DatabaseProvider.Sqlite
            ? new[]
            {
                """SELECT 'column ' || m.name || '.' || p.name || ' ' || p.type || ' notnull=' || p."notnull" || ' pk=' || p.pk FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE '\_\_EF%' ESCAPE '\' AND m.name NOT LIKE 'sqlite%'""",
                """SELECT 'index ' || name || ' ' || sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL""",
                """SELECT 'fk ' || m.name || '.' || f."from" || ' -> ' || f."table" || '.' || f."to" || ' ' || f.on_delete FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table'""",
            }
            : new[]
            {
                """SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || '(' || coalesce(character_maximum_length::text, '') || ') nullable=' || is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE '\_\_EF%'""",
                """SELECT 'index ' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE '\_\_EF%'""",
                """SELECT 'fk ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace""",
            };
        var facts = new HashSet<string>();
        foreach (var query in queries)
        {
            await using DbCommand command = connection.CreateCommand();
            command.CommandText = query;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                facts.Add(reader.GetString(0));
            }
        }

        return facts;
    }
}

using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeSensors.Fleet.Tests.Infrastructure;

/// <summary>
/// Request bodies made from an endpoint's request type by reflection, so that every endpoint (also future ones) gets
/// a plausible valid body and, per field, a body with that field of the wrong JSON type.
/// </summary>
public static class SampleBodies
{
    private static int _counter;

    /// <summary>A body with every field set; <paramref name="idFor"/> gives ids by field name (e.g. siteId), else a new one.</summary>
    public static JsonObject Valid(Type type, Func<string, Guid?> idFor)
    {
        var body = new JsonObject();
        foreach (var property in Fields(type))
        {
            body[JsonName(property)] = ValueFor(property.PropertyType, property.Name, idFor, depth: 0);
        }

        return body;
    }

    /// <summary>One body per field, that field given a value of the wrong JSON type.</summary>
    public static IEnumerable<(string Field, JsonObject Body)> WrongTypes(Type type, Func<string, Guid?> idFor)
    {
        foreach (var property in Fields(type))
        {
            var body = Valid(type, idFor);
            body[JsonName(property)] = WrongValueFor(property.PropertyType);
            yield return (JsonName(property), body);
        }
    }

    public static IEnumerable<PropertyInfo> Fields(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetMethod is not null && p.GetIndexParameters().Length == 0
            && p.Name != "EqualityContract");

    private static string JsonName(PropertyInfo property) => JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    private static JsonNode? ValueFor(Type type, string name, Func<string, Guid?> idFor, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var n = Interlocked.Increment(ref _counter);
        if (type == typeof(string))
        {
            return name.Contains("password", StringComparison.OrdinalIgnoreCase) ? "probe-password-0123456789" : $"probe-{name.ToLowerInvariant()}-{n}";
        }

        if (type == typeof(Guid))
        {
            return (idFor(JsonNamingPolicy.CamelCase.ConvertName(name)) ?? Guid.NewGuid()).ToString();
        }

        if (type.IsEnum)
        {
            return JsonNamingPolicy.CamelCase.ConvertName(Enum.GetNames(type)[0]);
        }

        if (type == typeof(bool))
        {
            return false;
        }

        if (type == typeof(int) || type == typeof(long) || type == typeof(short))
        {
            return 1;
        }

        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            return 1.5;
        }

        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return DateTime.UtcNow.AddDays(1).ToString("O");
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            return new JsonObject { ["probe"] = "x" };
        }

        if (type.IsArray || (type.IsGenericType && typeof(System.Collections.IEnumerable).IsAssignableFrom(type)))
        {
            var element = type.IsArray ? type.GetElementType()! : type.GetGenericArguments()[0];
            return new JsonArray(ValueFor(element, name, idFor, depth + 1));
        }

        if (depth < 3 && type.IsClass)
        {
            var body = new JsonObject();
            foreach (var property in Fields(type))
            {
                body[JsonName(property)] = ValueFor(property.PropertyType, property.Name, idFor, depth + 1);
            }

            return body;
        }

        return null;
    }

    private static JsonNode WrongValueFor(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return 12345;
        }

        if (type == typeof(Guid) || type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return true;
        }

        if (type.IsEnum)
        {
            return 7; // enums are names only; a number is a wrong type
        }

        if (type == typeof(bool) || type.IsPrimitive || type == typeof(decimal))
        {
            return "not-a-number";
        }

        if (type.IsArray || (type.IsGenericType && typeof(System.Collections.IEnumerable).IsAssignableFrom(type)
            && type.GetGenericTypeDefinition() != typeof(Dictionary<,>)))
        {
            return new JsonObject { ["x"] = 1 };
        }

        return new JsonArray(1, 2);
    }
}

using System.Text;

namespace EdgeSensors.Portable.Tests.Telemetry.Support;

/// <summary>Ways the fuzz tests damage a valid payload: byte-level noise and token-level swaps that often stay valid JSON.</summary>
internal enum PayloadMutation
{
    None,
    FlipBits,
    Truncate,
    DeleteRange,
    InsertRandomBytes,
    DuplicateRange,
    ReplaceToken,
    ChangeDigit,
    SwapBytes,
    RandomBytes,
    InsertWhitespace,
}

internal static class PayloadMutator
{
    public static readonly PayloadMutation[] All = Enum.GetValues<PayloadMutation>();

    // Fragments that are valid JSON or nearly so, and meaningful to the contract.
    private static readonly string[] Tokens =
    [
        "null", "true", "false", "0", "-0", "1", "01", "1.5", "1e400", "-1", "9007199254740992", "\"\"", "\"x\"", "\"1\"",
        "\"01\"", "\"18446744073709551616\"", "\"good\"", "\"bad\"", "\"HH\"", "\"sensor_fault\"", "\"\\ud800\"", "\"\\u0074ag\"",
        "[]", "{}", "[{}]", ",", ":", "\"schema\":1,", "\"tag\"", "\"seq\"", "\"value\"", "\"limit\"", " ", "\n", "\"\\u00e9\"", "NaN",
    ];

    public static byte[] Apply(PayloadMutation mutation, Random random, byte[] payload)
    {
        var bytes = new List<byte>(payload);
        switch (mutation)
        {
            case PayloadMutation.FlipBits:
                for (int i = random.Next(1, 4); i > 0; i--)
                {
                    int bit = random.Next(bytes.Count * 8);
                    bytes[bit / 8] ^= (byte)(1 << (bit % 8));
                }

                break;
            case PayloadMutation.Truncate:
                {
                    int keep = random.Next(bytes.Count);
                    bytes.RemoveRange(keep, bytes.Count - keep);
                    break;
                }

            case PayloadMutation.DeleteRange:
                {
                    int at = random.Next(bytes.Count);
                    bytes.RemoveRange(at, random.Next(1, Math.Min(12, bytes.Count - at) + 1));
                    break;
                }

            case PayloadMutation.InsertRandomBytes:
                {
                    var noise = new byte[random.Next(1, 6)];
                    random.NextBytes(noise);
                    bytes.InsertRange(random.Next(bytes.Count + 1), noise);
                    break;
                }

            case PayloadMutation.DuplicateRange:
                {
                    int at = random.Next(bytes.Count);
                    int count = random.Next(1, Math.Min(40, bytes.Count - at) + 1);
                    bytes.InsertRange(random.Next(bytes.Count + 1), bytes.GetRange(at, count));
                    break;
                }

            case PayloadMutation.ReplaceToken:
                {
                    // Replace the value or name after a ':' or ',' with another fragment.
                    int at = bytes.FindIndex(random.Next(bytes.Count), b => b == ':' || b == ',' || b == '[');
                    at = at < 0 ? bytes.FindIndex(b => b == ':') : at;
                    int end = bytes.FindIndex(at + 1, b => b == ',' || b == '}' || b == ']' || b == ':');
                    end = end < 0 ? bytes.Count : end;
                    bytes.RemoveRange(at + 1, end - at - 1);
                    bytes.InsertRange(at + 1, Encoding.UTF8.GetBytes(Tokens[random.Next(Tokens.Length)]));
                    break;
                }

            case PayloadMutation.ChangeDigit:
                {
                    int[] digits = Enumerable.Range(0, bytes.Count).Where(i => bytes[i] >= '0' && bytes[i] <= '9').ToArray();
                    if (digits.Length > 0)
                    {
                        bytes[digits[random.Next(digits.Length)]] = (byte)('0' + random.Next(10));
                    }

                    break;
                }

            case PayloadMutation.SwapBytes:
                {
                    int a = random.Next(bytes.Count);
                    int b = random.Next(bytes.Count);
                    (bytes[a], bytes[b]) = (bytes[b], bytes[a]);
                    break;
                }

            case PayloadMutation.InsertWhitespace:
                // Valid between tokens, an error inside a number or literal, part of the text inside a string.
                bytes.Insert(random.Next(bytes.Count + 1), (byte)" \t\r\n"[random.Next(4)]);
                break;
            case PayloadMutation.RandomBytes:
                {
                    var noise = new byte[random.Next(0, 200)];
                    random.NextBytes(noise);
                    return noise;
                }
        }

        return bytes.ToArray();
    }
}

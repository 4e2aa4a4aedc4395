namespace EdgeSensors.Portable.Tests.Fuzzing;

/// <summary>The ways the fuzz tests damage a valid frame.</summary>
internal enum Mutation
{
    None,
    BitFlip,
    Truncate,
    Extend,
    WrongUnit,
    WrongFunction,
    LyingByteCount,
    ExceptionWithoutCode,
    EchoMismatch,
    WrongTransactionId,
    WrongProtocolId,
    LyingMbapLength,
    RandomBytes,
    QuantityZero,
    QuantityOverLimit,
    UnsupportedFunction,
    AddressOverflow,
}

namespace EdgeSensors.Telemetry.Json;

/// <summary>
/// A non-negative integer of fixed capacity (32-bit limbs, least significant first) for exact conversions
/// between binary doubles and decimal text. nanoFramework has no BigInteger, and a fixed capacity lets the
/// callers allocate every limb once. Callers bound their inputs so the capacity is never exceeded.
/// </summary>
internal sealed class BigNat
{
    private readonly uint[] _limbs;
    private int _length;

    public BigNat(int capacityLimbs)
    {
        _limbs = new uint[capacityLimbs];
    }

    public bool IsZero => _length == 0;

    public int BitLength
    {
        get
        {
            if (_length == 0)
            {
                return 0;
            }

            uint top = _limbs[_length - 1];
            int bits = 0;
            while (top != 0)
            {
                top >>= 1;
                bits++;
            }

            return ((_length - 1) * 32) + bits;
        }
    }

    public void SetUInt64(ulong value)
    {
        _limbs[0] = (uint)value;
        _limbs[1] = (uint)(value >> 32);
        _length = value == 0 ? 0 : (value >> 32) == 0 ? 1 : 2;
    }

    public void CopyFrom(BigNat other)
    {
        for (int i = 0; i < other._length; i++)
        {
            _limbs[i] = other._limbs[i];
        }

        _length = other._length;
    }

    /// <summary>this = this * factor + addend.</summary>
    public void MultiplyAdd(uint factor, uint addend)
    {
        ulong carry = addend;
        for (int i = 0; i < _length; i++)
        {
            ulong product = ((ulong)_limbs[i] * factor) + carry;
            _limbs[i] = (uint)product;
            carry = product >> 32;
        }

        if (carry != 0)
        {
            _limbs[_length++] = (uint)carry;
        }
    }

    /// <summary>this = this * 10^exponent, nine decimal digits at a time.</summary>
    public void MultiplyPow10(int exponent)
    {
        while (exponent >= 9)
        {
            MultiplyAdd(1000000000u, 0);
            exponent -= 9;
        }

        uint factor = 1;
        while (exponent > 0)
        {
            factor *= 10;
            exponent--;
        }

        if (factor != 1)
        {
            MultiplyAdd(factor, 0);
        }
    }

    public void ShiftLeft(int bits)
    {
        if (_length == 0 || bits == 0)
        {
            return;
        }

        int limbShift = bits / 32;
        int bitShift = bits % 32;
        int newLength = _length + limbShift;
        if (bitShift != 0)
        {
            _limbs[newLength] = 0;
            for (int i = _length - 1; i >= 0; i--)
            {
                _limbs[i + limbShift + 1] |= _limbs[i] >> (32 - bitShift);
                _limbs[i + limbShift] = _limbs[i] << bitShift;
            }

            newLength++;
        }
        else
        {
            for (int i = _length - 1; i >= 0; i--)
            {
                _limbs[i + limbShift] = _limbs[i];
            }
        }

        for (int i = 0; i < limbShift; i++)
        {
            _limbs[i] = 0;
        }

        _length = newLength;
        Trim();
    }

    public void ShiftRightOne()
    {
        for (int i = 0; i < _length; i++)
        {
            uint next = i + 1 < _length ? _limbs[i + 1] : 0;
            _limbs[i] = (_limbs[i] >> 1) | (next << 31);
        }

        Trim();
    }

    /// <summary>this += other.</summary>
    public void Add(BigNat other)
    {
        int longest = _length > other._length ? _length : other._length;
        ulong carry = 0;
        for (int i = 0; i < longest; i++)
        {
            ulong sum = (i < _length ? _limbs[i] : 0UL) + (i < other._length ? other._limbs[i] : 0UL) + carry;
            _limbs[i] = (uint)sum;
            carry = sum >> 32;
        }

        _length = longest;
        if (carry != 0)
        {
            _limbs[_length++] = (uint)carry;
        }
    }

    /// <summary>this -= other; the caller guarantees this &gt;= other.</summary>
    public void Subtract(BigNat other)
    {
        long borrow = 0;
        for (int i = 0; i < _length; i++)
        {
            long difference = (long)_limbs[i] - (i < other._length ? other._limbs[i] : 0L) - borrow;
            borrow = difference < 0 ? 1 : 0;
            _limbs[i] = (uint)difference;
        }

        Trim();
    }

    /// <summary>The sign of a - b.</summary>
    public static int Compare(BigNat a, BigNat b)
    {
        if (a._length != b._length)
        {
            return a._length > b._length ? 1 : -1;
        }

        for (int i = a._length - 1; i >= 0; i--)
        {
            if (a._limbs[i] != b._limbs[i])
            {
                return a._limbs[i] > b._limbs[i] ? 1 : -1;
            }
        }

        return 0;
    }

    private void Trim()
    {
        while (_length > 0 && _limbs[_length - 1] == 0)
        {
            _length--;
        }
    }
}

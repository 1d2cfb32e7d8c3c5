namespace Harness.Evaluate.Metrics;

/// <summary>
/// Collects fidelity figures for one output over many batches, so an evaluator that runs a
/// dataset batch by batch keeps no outputs around: each batch is folded into counts and sums.
/// </summary>
public sealed class FidelityAccumulator
{
    private long _rows;
    private long _agreements;
    private double _maxAbsoluteError;
    private double _absoluteErrorSum;
    private double _maxRelativeError;
    private double _relativeErrorSum;
    private long _elements;
    private double _cosineSum;
    private int _rowLength = -1;

    public FidelityAccumulator(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Output = output;
    }

    /// <summary>The smallest divisor of a relative error, as a share of the row's largest |reference|.</summary>
    public const double RelativeFloor = 0.01;

    public string Output { get; }

    /// <summary>Rows compared so far: none where the candidate's output was not float (a float16 output, say).</summary>
    public long Rows => _rows;

    /// <summary>
    /// Adds one batch. Both outputs have <paramref name="shape"/> (row-major); rows are the vectors
    /// along its last axis, and a scalar is one row of one element.
    /// </summary>
    public void Add(ReadOnlySpan<float> reference, ReadOnlySpan<float> candidate, ReadOnlySpan<long> shape)
    {
        var rowLength = RowLength(shape, reference.Length, candidate.Length);
        if (_rowLength >= 0 && rowLength != _rowLength)
        {
            throw new ArgumentException($"output '{Output}': last axis is {rowLength}, earlier batches had {_rowLength}", nameof(shape));
        }

        _rowLength = rowLength;
        if (rowLength == 0)
        {
            return;
        }

        for (var start = 0; start < reference.Length; start += rowLength)
        {
            var r = reference.Slice(start, rowLength);
            var c = candidate.Slice(start, rowLength);
            if (ScoreVector.ArgMax(r) == ScoreVector.ArgMax(c))
            {
                _agreements++;
            }

            _cosineSum += AddRow(r, c);
            _rows++;
        }
    }

    public FidelityResult Result()
    {
        if (_rows == 0)
        {
            throw new InvalidOperationException($"output '{Output}': no rows compared");
        }

        var elements = Math.Max(1, _elements);
        return new FidelityResult(Output, _rows, _rowLength, (double)_agreements / _rows, _maxAbsoluteError, _cosineSum / _rows)
        {
            MeanAbsoluteError = _absoluteErrorSum / elements,
            MaxRelativeError = _maxRelativeError,
            MeanRelativeError = _relativeErrorSum / elements,
        };
    }

    /// <summary>
    /// Updates the error figures and returns the row's cosine similarity, accumulated in double so
    /// long rows of nearly equal values do not come out at 1.0000001. Two zero rows are identical
    /// (1); a zero row against a non-zero one has no direction in common (0).
    /// </summary>
    /// <remarks>
    /// The relative error divides by |reference|, but never by less than <see cref="RelativeFloor"/>
    /// of the row's largest |reference|: a value near zero (a softmax's unlikely classes, a silent
    /// stretch of audio) would otherwise turn a negligible absolute error into a huge ratio. A row whose
    /// reference is all zero has no scale to be relative to (every ratio would be infinite): it adds no
    /// relative error, and its absolute error and cosine (0 against any non-zero row) say how far off it is.
    /// </remarks>
    private double AddRow(ReadOnlySpan<float> r, ReadOnlySpan<float> c)
    {
        double scale = 0;
        foreach (var x in r)
        {
            scale = Math.Max(scale, Math.Abs((double)x));
        }

        var floor = scale > 0 ? scale * RelativeFloor : double.PositiveInfinity;
        double dot = 0, rr = 0, cc = 0;
        for (var i = 0; i < r.Length; i++)
        {
            double x = r[i], y = c[i];
            dot += x * y;
            rr += x * x;
            cc += y * y;
            var error = Math.Abs(x - y);
            // Math.Max propagates NaN, so a NaN output shows as a NaN error instead of vanishing.
            _maxAbsoluteError = Math.Max(_maxAbsoluteError, error);
            _absoluteErrorSum += error;
            var relative = error == 0 ? 0 : error / Math.Max(Math.Abs(x), floor);
            _maxRelativeError = Math.Max(_maxRelativeError, relative);
            _relativeErrorSum += relative;
        }

        _elements += r.Length;

        if (rr == 0 || cc == 0)
        {
            return rr == cc ? 1 : 0;
        }

        return Math.Clamp(dot / (Math.Sqrt(rr) * Math.Sqrt(cc)), -1, 1);
    }

    private int RowLength(ReadOnlySpan<long> shape, int referenceLength, int candidateLength)
    {
        if (referenceLength != candidateLength)
        {
            throw new ArgumentException($"output '{Output}': reference has {referenceLength} values, candidate {candidateLength}");
        }

        long elements = 1;
        foreach (var d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"output '{Output}': shape has a negative dimension {d}", nameof(shape));
            }

            elements *= d;
        }

        if (elements != referenceLength)
        {
            throw new ArgumentException($"output '{Output}': shape [{string.Join(", ", shape.ToArray())}] holds {elements} values, got {referenceLength}", nameof(shape));
        }

        return shape.IsEmpty ? 1 : (int)shape[^1];
    }
}

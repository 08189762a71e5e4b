namespace SparsePlugins.Host.Training;

/// <summary>
/// The biased autocovariances (divided by n, as Geyer's estimator needs: the sequence is then positive definite) of one
/// chain at every lag, by FFT: a chain that has not mixed keeps its autocorrelation sum positive to lags near n, where
/// the direct O(n^2) sum over 200 weights, two transforms and two chain sets took seconds.
/// </summary>
public static class Autocovariance
{
    public static double[] Of(IReadOnlyList<double> x)
    {
        int n = x.Count;
        if (n == 0) return [];
        double mean = x.Average();
        int size = 1;
        while (size < 2 * n) size <<= 1; // zero padding to 2n: the circular correlation equals the linear one
        var re = new double[size];
        var im = new double[size];
        for (int i = 0; i < n; i++) re[i] = x[i] - mean;
        Transform(re, im, inverse: false);
        for (int i = 0; i < size; i++)
        {
            re[i] = re[i] * re[i] + im[i] * im[i];
            im[i] = 0;
        }
        Transform(re, im, inverse: true);
        var result = new double[n];
        for (int lag = 0; lag < n; lag++) result[lag] = re[lag] / size / n;
        return result;
    }

    /// <summary>In-place iterative radix-2 Cooley-Tukey; the inverse is left unscaled (the caller divides by the size).</summary>
    private static void Transform(double[] re, double[] im, bool inverse)
    {
        int size = re.Length;
        for (int i = 1, j = 0; i < size; i++)
        {
            int bit = size >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }
        for (int length = 2; length <= size; length <<= 1)
        {
            double angle = 2 * Math.PI / length * (inverse ? 1 : -1);
            double stepRe = Math.Cos(angle), stepIm = Math.Sin(angle);
            for (int start = 0; start < size; start += length)
            {
                double wRe = 1, wIm = 0;
                for (int k = 0; k < length / 2; k++)
                {
                    int a = start + k, b = a + length / 2;
                    double tRe = re[b] * wRe - im[b] * wIm, tIm = re[b] * wIm + im[b] * wRe;
                    re[b] = re[a] - tRe;
                    im[b] = im[a] - tIm;
                    re[a] += tRe;
                    im[a] += tIm;
                    (wRe, wIm) = (wRe * stepRe - wIm * stepIm, wRe * stepIm + wIm * stepRe);
                }
            }
        }
    }
}

/** Settings the table layer reads at load, for unit tests that only build items (no table is reached). */
process.env.TABLE_NAME ??= 'argus-unit';
process.env.AWS_REGION ??= 'us-east-1';

// Loaded by the `web` jest project (setupFilesAfterEnv): DOM matchers such as toHaveAttribute.
import '@testing-library/jest-dom';

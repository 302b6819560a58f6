-- AlterTable
ALTER TABLE "cases" ADD COLUMN     "safety_flags" TEXT[] DEFAULT ARRAY[]::TEXT[];
